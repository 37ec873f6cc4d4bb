import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './index';
import { type Envelope, getToken, rawFetch, tokenUrl } from './test-client';
import { type EmulatorControl, emulatorControl } from './test-helpers';

let emulator: RunningEmulator;
let control: EmulatorControl;
let token: string;
let randomValues: number[] = [];

beforeEach(async () => {
  randomValues = [];
  emulator = await startEmulator({ random: () => randomValues.shift() ?? 0.99 });
  control = emulatorControl(emulator.origin);
  token = await getToken(emulator);
});
afterEach(async () => {
  await emulator.close();
});

const partitions = (t = token): ReturnType<typeof rawFetch> =>
  rawFetch(`${emulator.restUrl}/v1/leads/partitions.json`, { headers: { Authorization: `Bearer ${t}` } });
const codeOf = (json: unknown): string | undefined => (json as Envelope).errors?.[0]?.code;

describe('fault injection', () => {
  it.each([
    ['606', "Max rate limit '100' exceeded with in '20' secs"],
    ['615', "Concurrent access limit '10' reached"],
    ['604', 'Request timed out'],
    ['607', 'Daily quota reached'],
    ['608', 'API Temporarily Unavailable'],
    ['611', 'System error'],
  ] as const)('answers an injected %s once, as a Marketo envelope', async (code, message) => {
    await control.injectFault({ code });
    const failed = await partitions();
    expect(failed.status).toBe(200);
    expect((failed.json as Envelope).errors).toEqual([{ code, message }]);
    expect((await partitions()).json).toMatchObject({ success: true });
    expect((await control.stats()).errorsByCode[code]).toBe(1);
  });

  it('makes an injected 602 a real expiry: the token then gives 601 and identity hands out a new one', async () => {
    await control.injectFault({ code: '602' });
    expect(codeOf((await partitions()).json)).toBe('602');
    expect(codeOf((await partitions()).json)).toBe('601');
    const fresh = await getToken(emulator);
    expect(fresh).not.toBe(token);
    expect((await partitions(fresh)).json).toMatchObject({ success: true });
  });

  it('makes an injected 601 revoke the token', async () => {
    await control.injectFault({ code: '601' });
    expect(codeOf((await partitions()).json)).toBe('601');
    expect(codeOf((await partitions()).json)).toBe('601');
    expect((await partitions(await getToken(emulator))).json).toMatchObject({ success: true });
  });

  it('answers http500 and http502 with gateway HTML pages', async () => {
    await control.injectFault({ code: 'http500' });
    await control.injectFault({ code: 'http502' });
    const first = await partitions();
    expect(first.status).toBe(500);
    expect(first.headers.get('content-type')).toBe('text/html');
    expect((await partitions()).status).toBe(502);
    expect((await partitions()).status).toBe(200);
  });

  it('hits the next `count` calls, then stops', async () => {
    await control.injectFault({ code: '608', count: 2 });
    expect(codeOf((await partitions()).json)).toBe('608');
    expect(codeOf((await partitions()).json)).toBe('608');
    expect((await partitions()).json).toMatchObject({ success: true });
  });

  it('hits each call with the given probability until cleared', async () => {
    await control.injectFault({ code: '611', probability: 0.5 });
    randomValues = [0.1, 0.9, 0.4];
    expect(codeOf((await partitions()).json)).toBe('611');
    expect((await partitions()).json).toMatchObject({ success: true });
    expect(codeOf((await partitions()).json)).toBe('611');
    await control.clearFaults();
    randomValues = [0];
    expect((await partitions()).json).toMatchObject({ success: true });
  });

  it('only hits calls under the given path prefix', async () => {
    await control.injectFault({ code: '606', path: '/rest/v1/leads.json' });
    expect((await partitions()).json).toMatchObject({ success: true });
    const hit = await rawFetch(`${emulator.restUrl}/v1/leads.json?filterType=id&filterValues=1`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(codeOf(hit.json)).toBe('606');
  });

  it('can fail the identity endpoint when its path is named, and leaves it alone otherwise', async () => {
    await control.injectFault({ code: '611', count: 5 });
    expect((await rawFetch(tokenUrl(emulator))).status).toBe(200);
    await control.clearFaults();
    await control.injectFault({ code: 'http502', path: '/identity' });
    expect((await rawFetch(tokenUrl(emulator))).status).toBe(502);
  });

  it('holds a request for timeoutFaultMs, then answers 604 (not counted)', async () => {
    await control.setConfig({ timeoutFaultMs: 300, callsPer20s: 1 });
    await control.injectFault({ code: 'timeout' });
    const started = Date.now();
    const res = await partitions();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(codeOf(res.json)).toBe('604');
    expect((await partitions()).json).toMatchObject({ success: true });
  });

  it('lets a client give up on a held request without disturbing the emulator', async () => {
    await control.setConfig({ timeoutFaultMs: 10_000 });
    await control.injectFault({ code: 'timeout' });
    const aborted = rawFetch(`${emulator.restUrl}/v1/leads/partitions.json`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(200),
    });
    await expect(aborted).rejects.toThrow();
    expect((await partitions()).json).toMatchObject({ success: true });
  });

  it('closes promptly while a request is being held', async () => {
    await control.setConfig({ timeoutFaultMs: 60_000 });
    await control.injectFault({ code: 'timeout' });
    const held = partitions().catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await emulator.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await held).toBeInstanceOf(Error);
  });

  it('rejects malformed fault requests with HTTP 400', async () => {
    for (const fault of [{ code: '999' }, { code: '606', probability: 2 }, { code: '606', count: 0 }]) {
      const res = await rawFetch(`${emulator.origin}/__emulator/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(fault),
      });
      expect(res.status).toBe(400);
    }
  });
});
