// The one slow test (~85 s): 500 calls at once with a budget of 100 per 20 s, in real time, because the
// emulator's 20 s window is fixed (only its call count is configurable), so the window cannot be shortened in
// both places. The emulator must never see more than the budget in any rolling 20 s, and no caller a 606/615.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { emulatorControl } from '../emulator/test-helpers';
import { MarketoClient } from './client';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, config: { callsPer20s: 100, maxConcurrent: 10 } });
});
afterAll(async () => {
  await emulator.close();
});

describe('rate budget against the emulator', () => {
  it('keeps a burst of 500 calls within 100 per rolling 20 s, with no 606 or 615', async () => {
    const client = new MarketoClient({
      baseUrl: emulator.origin,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      callsPer20s: 100,
      maxConcurrent: 5,
      // The last calls wait ~80 s in the queue by design.
      deadlineMs: 150_000,
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
  }, 180_000);
});
