import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, type StartEmulatorOptions, startEmulator } from './index';
import { centralDay } from './limits';
import { type Envelope, getToken, rawFetch } from './test-client';
import { emulatorControl } from './test-helpers';

let emulator: RunningEmulator | undefined;
let clock = Date.UTC(2026, 5, 1, 12, 0, 0);

async function start(options: StartEmulatorOptions = {}): Promise<{ em: RunningEmulator; token: string }> {
  clock = Date.UTC(2026, 5, 1, 12, 0, 0);
  emulator = await startEmulator({ now: () => clock, ...options });
  return { em: emulator, token: await getToken(emulator) };
}
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function call(
  em: RunningEmulator,
  token: string,
  path = '/v1/leads/partitions.json',
): Promise<Envelope> {
  return (await rawFetch(`${em.restUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } }))
    .json as Envelope;
}
const codeOf = (body: Envelope): string | undefined => body.errors?.[0]?.code;

describe('rate window (calls per 20 s)', () => {
  it('answers 606 with the real message once the window is full, and lets calls through 20 s later', async () => {
    const { em, token } = await start({ config: { callsPer20s: 5 } });
    for (let i = 0; i < 5; i += 1) expect((await call(em, token)).success).toBe(true);
    expect((await call(em, token)).errors).toEqual([
      { code: '606', message: "Max rate limit '5' exceeded with in '20' secs" },
    ]);
    clock += 19_999;
    expect(codeOf(await call(em, token))).toBe('606');
    clock += 20_001;
    expect((await call(em, token)).success).toBe(true);
    const stats = await emulatorControl(em.origin).stats();
    expect(stats.maxCallsIn20s).toBe(7);
    expect(stats.errorsByCode['606']).toBe(2);
  });

  it('does not count identity calls or uncounted codes (601, 605) against the window', async () => {
    const { em, token } = await start({ config: { callsPer20s: 2 } });
    for (let i = 0; i < 5; i += 1) {
      await getToken(em);
      expect(codeOf(await call(em, 'bad-token'))).toBe('601');
      await rawFetch(`${em.restUrl}/v1/leads/describe.json`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${token}` },
      });
    }
    expect((await call(em, token)).success).toBe(true);
    expect((await call(em, token)).success).toBe(true);
    expect(codeOf(await call(em, token))).toBe('606');
    const stats = await emulatorControl(em.origin).stats();
    expect(stats.calls).toBe(13);
    expect(stats.identityCalls).toBe(6);
  });

  it('is configurable at run time', async () => {
    const { em, token } = await start();
    await emulatorControl(em.origin).setConfig({ callsPer20s: 1 });
    await call(em, token);
    expect(codeOf(await call(em, token))).toBe('606');
  });
});

describe('concurrency', () => {
  it('answers 615 beyond the configured number of calls in flight, and records the maximum seen', async () => {
    const { em, token } = await start({ config: { maxConcurrent: 2, latencyMs: 300 } });
    const bodies = await Promise.all([1, 2, 3, 4].map(() => call(em, token)));
    const codes = bodies.map((b) => (b.success ? 'ok' : codeOf(b)));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(2);
    expect(codes.filter((c) => c === '615')).toHaveLength(2);
    expect(bodies.find((b) => !b.success)?.errors?.[0]?.message).toBe("Concurrent access limit '2' reached");
    expect((await emulatorControl(em.origin).stats()).maxConcurrent).toBe(2);
    expect((await call(em, token)).success).toBe(true);
  });
});

describe('daily quota', () => {
  it('answers 607 once the quota is used up, until midnight US Central', async () => {
    const { em, token } = await start({ config: { dailyQuota: 3 } });
    for (let i = 0; i < 3; i += 1) expect((await call(em, token)).success).toBe(true);
    expect((await call(em, token)).errors).toEqual([{ code: '607', message: 'Daily quota reached' }]);
    // 12:00 UTC is 07:00 in Chicago; 17 hours later it is past midnight there.
    clock += 17 * 3_600_000;
    const fresh = await getToken(em);
    expect((await call(em, fresh)).success).toBe(true);
  });

  it('is reported by stats/usage.json for the current day', async () => {
    const { em, token } = await start();
    await call(em, token);
    await call(em, 'bad');
    const usage = await call(em, token, '/v1/stats/usage.json');
    expect(usage.result).toEqual([
      { date: '2026-06-01', total: 2, users: [{ userId: 'api-user@partition-console.example', count: 2 }] },
    ]);
  });
});

describe('centralDay', () => {
  it('uses the US Central calendar day, daylight saving included', () => {
    expect(centralDay(Date.UTC(2026, 0, 15, 5, 59))).toBe('2026-01-14');
    expect(centralDay(Date.UTC(2026, 0, 15, 6, 0))).toBe('2026-01-15');
    expect(centralDay(Date.UTC(2026, 6, 15, 4, 59))).toBe('2026-07-14');
    expect(centralDay(Date.UTC(2026, 6, 15, 5, 0))).toBe('2026-07-15');
  });
});
