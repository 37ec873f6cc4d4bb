// MarketoClient against the real emulator (port 0): the happy paths and how errors reach the caller.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { emulatorControl, type EmulatorControl } from '../emulator/test-helpers';
import { MarketoClient, type MarketoClientOptions } from './client';
import { MarketoApiError, MarketoAuthError, MarketoQuotaError, MarketoUnavailableError } from './errors';

let emulator: RunningEmulator;
let control: EmulatorControl;
let client: MarketoClient;
const logs: string[] = [];
const logger = {
  debug: (obj: object, msg: string) => logs.push(JSON.stringify(obj) + msg),
  info: (obj: object, msg: string) => logs.push(JSON.stringify(obj) + msg),
  warn: (obj: object, msg: string) => logs.push(JSON.stringify(obj) + msg),
  error: (obj: object, msg: string) => logs.push(JSON.stringify(obj) + msg),
};

function newClient(overrides: Partial<MarketoClientOptions> = {}): MarketoClient {
  return new MarketoClient({
    baseUrl: `${emulator.origin}/`,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    callsPer20s: 50,
    maxConcurrent: 5,
    retryBaseDelayMs: 10,
    logger,
    ...overrides,
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  control = emulatorControl(emulator.origin);
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await client?.close();
  await control.reset();
  client = newClient();
});

describe('MarketoClient reads', () => {
  it('lists partitions, starting with Default', async () => {
    const partitions = await client.getPartitions();
    expect(partitions[0]).toEqual({ id: 1, name: 'Default', description: 'Initial system lead partition' });
  });

  it('describes lead fields, leadPartitionId included', async () => {
    const fields = await client.describeLeads();
    expect(fields.find((f) => f.rest?.name === 'leadPartitionId')).toMatchObject({ dataType: 'reference' });
    expect(fields.find((f) => f.rest?.name === 'email')).toMatchObject({ dataType: 'email' });
  });

  it("reads today's usage, and counts its own calls", async () => {
    await client.getPartitions();
    expect(await client.getUsageToday()).toBeGreaterThanOrEqual(1);
  });

  it('answers null when usage cannot be read', async () => {
    await control.injectFault({ code: 'http500', count: 5, path: '/rest/v1/stats' });
    expect(await client.getUsageToday()).toBeNull();
  });

  it('asks again for a token that arrives with expires_in 0, then uses it', async () => {
    const expiring = await startEmulator({ port: 0, config: { tokenTtlSeconds: 1 } });
    const quick = newClient({
      baseUrl: expiring.origin,
      clientId: expiring.clientId,
      clientSecret: expiring.clientSecret,
    });
    expect((await quick.getPartitions())[0]?.name).toBe('Default');
    const stats = await emulatorControl(expiring.origin).stats();
    expect(stats.identityCalls).toBeGreaterThanOrEqual(2);
    expect(stats.errorsByCode).toEqual({});
    await quick.close();
    await expiring.close();
  });

  it('reports the rate budget', async () => {
    await client.getPartitions();
    expect(client.rateBudget()).toMatchObject({ callsPer20s: 50, maxConcurrent: 5, inFlight: 0 });
    // One identity call and one API call went through the budget.
    expect(client.rateBudget().callsInWindow).toBe(2);
  });
});

describe('MarketoClient errors', () => {
  it('throws MarketoAuthError for bad credentials, without the secret', async () => {
    const secret = 'wrong-secret-value-123';
    const bad = newClient({ clientSecret: secret });
    const error = await bad.getPartitions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketoAuthError);
    expect(String((error as Error).message)).not.toContain(secret);
    await bad.close();
  });

  it('turns 607 into MarketoQuotaError with the next midnight in Chicago', async () => {
    await control.injectFault({ code: '607' });
    const error = await client.getPartitions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketoQuotaError);
    const quota = error as MarketoQuotaError;
    expect(quota.resetsAt.getTime()).toBeGreaterThan(Date.now());
    expect(quota.resetsAt.getTime() - Date.now()).toBeLessThanOrEqual(25 * 3600_000);
    expect([5, 6]).toContain(quota.resetsAt.getUTCHours());
    expect(quota.requestId).toMatch(/^[0-9a-f]+#[0-9a-f]+$/);
  });

  it('gives up with MarketoUnavailableError after maxAttempts', async () => {
    const limited = newClient({ maxAttempts: 3 });
    await control.injectFault({ code: 'http500', count: 10 });
    const error = await limited.getPartitions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketoUnavailableError);
    expect((error as MarketoUnavailableError).lastCode).toBe('500');
    expect((await control.stats()).callsByPath['/rest/v1/leads/partitions.json']).toBe(3);
    await limited.close();
  });

  it('gives up at the deadline', async () => {
    const hasty = newClient({ deadlineMs: 300, retryBaseDelayMs: 200, maxAttempts: 50 });
    await control.injectFault({ code: '608', count: 100 });
    const started = Date.now();
    const error = await hasty.getPartitions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketoUnavailableError);
    expect((error as MarketoUnavailableError).lastCode).toBe('608');
    expect(Date.now() - started).toBeLessThan(1000);
    await hasty.close();
  });

  it('times out a hung attempt and retries it', async () => {
    const quick = newClient({ requestTimeoutMs: 200 });
    await control.setConfig({ timeoutFaultMs: 5000 });
    await control.injectFault({ code: 'timeout' });
    expect((await quick.getPartitions())[0]?.name).toBe('Default');
    await quick.close();
  });

  it('never logs the token or the secret', async () => {
    await control.injectFault({ code: '602' });
    await control.injectFault({ code: '611' });
    await client.getPartitions();
    const text = logs.join('\n');
    expect(text).not.toContain(emulator.clientSecret);
    expect(text).not.toContain(':emu');
    expect(text).not.toContain('client_secret');
  });

  it('refuses new calls after close()', async () => {
    await client.close();
    await expect(client.getPartitions()).rejects.toThrow(/closed/);
  });

  it('close() waits for calls in flight', async () => {
    await control.setConfig({ latencyMs: 300 });
    let done = false;
    const pending = client.getPartitions().then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.close();
    expect(done).toBe(true);
    await pending;
  });
});

describe('MarketoApiError', () => {
  it('carries code, message and requestId', () => {
    const error = new MarketoApiError('603', 'Access denied', 'a1#b2');
    expect(error).toMatchObject({ code: '603', marketoMessage: 'Access denied', requestId: 'a1#b2' });
  });
});
