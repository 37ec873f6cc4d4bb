// MarketoClient under the conditions the issue names: a cold start under load, tokens that expire every 2 s
// while requests flow, and injected faults that must never reach the caller.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import {
  emulatorControl,
  seededRandom,
  type EmulatorControl,
  type FaultSpec,
} from '../emulator/test-helpers';
import { MarketoClient, type MarketoClientOptions } from './client';
import { MarketoApiError } from './errors';

let emulator: RunningEmulator;
let control: EmulatorControl;
const clients: MarketoClient[] = [];

function newClient(overrides: Partial<MarketoClientOptions> = {}): MarketoClient {
  const client = new MarketoClient({
    baseUrl: emulator.origin,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    callsPer20s: 90,
    maxConcurrent: 5,
    retryBaseDelayMs: 20,
    ...overrides,
  });
  clients.push(client);
  return client;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await condition()); i++) await sleep(10);
}

beforeAll(async () => {
  // Seeded, so the probabilistic faults below hit the same calls on every run.
  emulator = await startEmulator({ port: 0, random: seededRandom(20_26) });
  control = emulatorControl(emulator.origin);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await emulator.close();
});
beforeEach(async () => {
  await control.reset();
});

describe('tokens', () => {
  it('makes exactly one identity call for 50 concurrent requests at a cold start, and none fails', async () => {
    await control.setConfig({ latencyMs: 20 });
    const client = newClient();
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => client.getPartitions()));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const stats = await control.stats();
    expect(stats.identityCalls).toBe(1);
    expect(stats.maxConcurrent).toBeLessThanOrEqual(5);
  });

  it('keeps every request succeeding while the token expires every 2 s', async () => {
    // Its own emulator: a live token from earlier tests would otherwise be handed out again until it expires.
    const shortLived = await startEmulator({ port: 0, config: { tokenTtlSeconds: 2, latencyMs: 10 } });
    const shortControl = emulatorControl(shortLived.origin);
    const client = newClient({
      baseUrl: shortLived.origin,
      clientId: shortLived.clientId,
      clientSecret: shortLived.clientSecret,
    });
    const failures: unknown[] = [];
    let calls = 0;
    const until = Date.now() + 7000;
    const worker = async () => {
      while (Date.now() < until) {
        await client.getLeadById(318816, ['leadPartitionId']).then(
          () => calls++,
          (error: unknown) => failures.push(error),
        );
        await sleep(300);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(30);
    // Several tokens were needed, yet far fewer identity calls than requests.
    const stats = await shortControl.stats();
    expect(stats.identityCalls).toBeGreaterThanOrEqual(3);
    expect(stats.identityCalls).toBeLessThan(calls);
    await client.close();
    await shortLived.close();
  }, 20_000);
});

/** The code the emulator's stats record for an injected fault. */
const recordedCode = (code: FaultSpec['code']): string =>
  code === 'timeout' ? '604' : code.startsWith('http') ? code.slice(4) : code;

describe('faults', () => {
  it.each<FaultSpec['code']>([
    '606',
    '615',
    '604',
    '608',
    '611',
    '602',
    '601',
    'http500',
    'http502',
    'timeout',
  ])('absorbs an injected %s', async (code) => {
    await control.setConfig({ timeoutFaultMs: 100 });
    // A 606 makes the client wait out its window; a short window keeps the test quick.
    const client = newClient({ windowMs: 1000 });
    await control.injectFault({ code, count: 2 });
    const partitions = await client.getPartitions();
    expect(partitions[0]?.name).toBe('Default');
    // Exactly the two injected failures, and nothing else went wrong on the way to the answer.
    expect((await control.stats()).errorsByCode).toEqual({ [recordedCode(code)]: 2 });
  });

  it('holds all calls back for a window after a 606', async () => {
    const client = newClient({ windowMs: 1500 });
    await client.getPartitions();
    await control.injectFault({ code: '606' });
    const started = Date.now();
    const first = client.getPartitions();
    await waitFor(async () => (await control.stats()).errorsByCode['606'] === 1);
    // Sent after the 606: these wait for the window instead of spending calls on more 606s.
    const later = Promise.all([client.getPartitions(), client.getPartitions()]);
    const laterDone = later.then(() => Date.now() - started);
    await first;
    expect(await laterDone).toBeGreaterThanOrEqual(1400);
    expect((await control.stats()).errorsByCode['606']).toBe(1);
  });

  it('absorbs a steady trickle of 606, 615, 604, 611 and 602 under concurrent load', async () => {
    await control.setConfig({ latencyMs: 5, timeoutFaultMs: 50 });
    const client = newClient({ windowMs: 500, maxAttempts: 8, requestTimeoutMs: 2000 });
    for (const code of ['606', '615', '604', '611', '602'] as const) {
      await control.injectFault({ code, probability: 0.05 });
    }
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => client.getLeadById(318801 + (i % 3), ['email'])),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  }, 20_000);
});

describe('token refusals', () => {
  it('does not charge a resend after a 601/602 to the transient-retry budget', async () => {
    // Two attempts allowed: a 602 (a token problem) followed by one 500 must still leave room for the retry.
    const client = newClient({ maxAttempts: 2 });
    await client.getPartitions();
    await control.reset();
    await control.injectFault({ code: '602' });
    await control.injectFault({ code: 'http500' });
    expect((await client.getPartitions())[0]?.name).toBe('Default');
    expect((await control.stats()).callsByPath['/rest/v1/leads/partitions.json']).toBe(3);
  });

  it('keeps every request succeeding when a 602 kills the token they share, with no retries at all', async () => {
    // maxAttempts 1: any request charged for the 602, or for the 601 its stale token then gets, would fail.
    const client = newClient({ maxAttempts: 1 });
    await client.getPartitions();
    await control.reset();
    await control.setConfig({ latencyMs: 30 });
    await control.injectFault({ code: '602' });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => client.getPartitions()));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await control.stats()).errorsByCode['602']).toBe(1);
  });

  it("gives up on a token refused every time after a few sends, with Marketo's code", async () => {
    const client = newClient({ maxAttempts: 10 });
    await client.getPartitions();
    await control.reset();
    await control.injectFault({ code: '601', count: 20 });
    const error = await client.getPartitions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketoApiError);
    expect((error as MarketoApiError).code).toBe('601');
    // The warm-up's token had worked, so its refusal reads as an expiry; then three fresh tokens are refused.
    expect((await control.stats()).callsByPath['/rest/v1/leads/partitions.json']).toBe(4);
  });

  it('ends every concurrent call once three fresh tokens in a row are refused', async () => {
    const client = newClient({ maxAttempts: 10 });
    await client.getPartitions();
    await control.reset();
    await control.injectFault({ code: '601', count: 100 });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.getPartitions()));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as MarketoApiError).code : 'ok'));
    expect(codes).toEqual(Array.from({ length: 5 }, () => '601'));
    // One refresh after the warm-up's token, then one per fresh token: the run ends all five calls at once,
    // rather than each call spending its own refusals.
    const stats = await control.stats();
    expect(stats.identityCalls).toBe(3);
    expect(stats.callsByPath['/rest/v1/leads/partitions.json']).toBeLessThanOrEqual(5 * 4);
  });
});
