import { describe, expect, it } from 'vitest';
import { UsageTracker } from './usage-tracker';

describe('UsageTracker', () => {
  it('caches the usage figure, retries failures sooner, and reports exhaustion until the reset', async () => {
    let now = Date.parse('2026-07-10T12:00:00Z');
    let reads = 0;
    let answer: number | null = 120;
    const tracker = new UsageTracker(
      {
        getUsageToday: () => {
          reads += 1;
          return answer === null ? Promise.reject(new Error('down')) : Promise.resolve(answer);
        },
      },
      300_000,
      () => now,
    );
    expect(await tracker.snapshot()).toEqual({
      callsToday: 120,
      dailyQuotaExhausted: false,
      quotaResetsAt: '2026-07-11T05:00:00.000Z',
    });
    await tracker.snapshot();
    expect(reads).toBe(1);

    now += 300_000;
    answer = null;
    expect((await tracker.snapshot()).callsToday).toBeNull();
    now += 31_000;
    answer = 130;
    expect((await tracker.snapshot()).callsToday).toBe(130);
    expect(reads).toBe(3);

    tracker.markExhausted(new Date('2026-07-11T05:00:00Z'));
    expect(await tracker.snapshot()).toMatchObject({ dailyQuotaExhausted: true, callsToday: 130 });
    expect(reads).toBe(3);
    now = Date.parse('2026-07-11T05:00:01Z');
    expect((await tracker.snapshot()).dailyQuotaExhausted).toBe(false);
  });
});
