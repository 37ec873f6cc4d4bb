// 500 calls at once with a budget of 100 per rolling window, in real time: the emulator must never see more than
// the budget in any window, and no caller a 606/615. Marketo's window is 20 s; both sides use 2 s here, so the
// five windows the burst needs take ~8 s instead of ~85 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { emulatorControl } from '../emulator/test-helpers';
import { MarketoClient } from './client';

let emulator: RunningEmulator;
const WINDOW_MS = 2000;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    config: { callsPer20s: 100, rateWindowMs: WINDOW_MS, maxConcurrent: 10 },
  });
});
afterAll(async () => {
  await emulator.close();
});

describe('rate budget against the emulator', () => {
  it('keeps a burst of 500 calls within 100 per rolling window, with no 606 or 615', async () => {
    const client = new MarketoClient({
      baseUrl: emulator.origin,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      callsPer20s: 100,
      windowMs: WINDOW_MS,
      maxConcurrent: 5,
      // The last calls wait four windows in the queue by design.
      deadlineMs: 30_000,
    });
    const results = await Promise.allSettled(Array.from({ length: 500 }, () => client.getPartitions()));
    await client.close();
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const stats = await emulatorControl(emulator.origin).stats();
    expect(stats.callsByPath['/rest/v1/leads/partitions.json']).toBe(500);
    expect(stats.maxCallsIn20s).toBeLessThanOrEqual(100);
    expect(stats.errorsByCode['606']).toBeUndefined();
    expect(stats.errorsByCode['615']).toBeUndefined();
    expect(stats.maxConcurrent).toBeLessThanOrEqual(5);
  }, 60_000);
});
