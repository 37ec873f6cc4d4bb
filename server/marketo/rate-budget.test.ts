import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateBudget } from './rate-budget';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Largest number of starts that fall within any `windowMs`-long stretch. */
function maxInRollingWindow(starts: number[], windowMs: number): number {
  return Math.max(...starts.map((t) => starts.filter((s) => s > t - windowMs && s <= t).length));
}

async function runTasks(budget: RateBudget, count: number, durationMs: number) {
  const starts: number[] = [];
  let running = 0;
  let maxRunning = 0;
  const tasks = Array.from({ length: count }, () =>
    budget.run(async () => {
      starts.push(Date.now());
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, durationMs));
      running--;
    }),
  );
  await vi.runAllTimersAsync();
  await Promise.all(tasks);
  return { starts, maxRunning };
}

describe('RateBudget', () => {
  it('never lets more than the budget start in any rolling window, even across window edges', async () => {
    const budget = new RateBudget({ callsPerWindow: 3, maxConcurrent: 10, windowMs: 1000, marginMs: 0 });
    // Spread the first calls so a fixed-window limiter would let a double burst through at the edge.
    const first = budget.run(async () => {});
    await vi.advanceTimersByTimeAsync(900);
    const { starts } = await runTasks(budget, 12, 10);
    await first;
    expect(starts).toHaveLength(12);
    expect(maxInRollingWindow([1_000_000, ...starts], 1000)).toBe(3);
    // 13 calls at 3 per second need at least 4 full windows.
    expect(Math.max(...starts) - 1_000_000).toBeGreaterThanOrEqual(4000);
  });

  it('caps calls in flight', async () => {
    const budget = new RateBudget({ callsPerWindow: 100, maxConcurrent: 2, windowMs: 1000 });
    const { starts, maxRunning } = await runTasks(budget, 6, 300);
    expect(maxRunning).toBe(2);
    expect(starts.map((t) => t - 1_000_000)).toEqual([0, 0, 300, 300, 600, 600]);
  });

  it('keeps a start counted for the safety margin after the window', async () => {
    const budget = new RateBudget({ callsPerWindow: 1, maxConcurrent: 1, windowMs: 1000, marginMs: 50 });
    const { starts } = await runTasks(budget, 3, 1);
    expect(starts.map((t) => t - 1_000_000)).toEqual([0, 1050, 2100]);
  });

  it('holds every start back after holdOff, then resumes', async () => {
    const budget = new RateBudget({ callsPerWindow: 100, maxConcurrent: 5, windowMs: 1000 });
    budget.holdOff(5000);
    const { starts } = await runTasks(budget, 2, 1);
    expect(starts.map((t) => t - 1_000_000)).toEqual([5000, 5000]);
  });

  it('reports calls in the window and in flight', async () => {
    const budget = new RateBudget({ callsPerWindow: 50, maxConcurrent: 5, windowMs: 20_000 });
    let release = () => {};
    const held = budget.run(() => new Promise<void>((resolve) => (release = resolve)));
    await budget.run(async () => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(budget.snapshot()).toEqual({
      callsPer20s: 50,
      maxConcurrent: 5,
      callsInWindow: 2,
      inFlight: 1,
      queued: 0,
    });
    release();
    await held;
    await vi.advanceTimersByTimeAsync(20_001);
    expect(budget.snapshot()).toMatchObject({ callsInWindow: 0, inFlight: 0 });
  });

  it('reports the calls waiting for a slot', async () => {
    const budget = new RateBudget({ callsPerWindow: 50, maxConcurrent: 1, windowMs: 20_000 });
    let release = () => {};
    const held = budget.run(() => new Promise<void>((resolve) => (release = resolve)));
    const waiting = [budget.run(async () => {}), budget.run(async () => {})];
    await vi.advanceTimersByTimeAsync(0);
    expect(budget.snapshot()).toMatchObject({ inFlight: 1, queued: 2 });
    release();
    await Promise.all([held, ...waiting]);
    expect(budget.snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('drops a waiting task whose signal aborts, without running it', async () => {
    const budget = new RateBudget({ callsPerWindow: 1, maxConcurrent: 1, windowMs: 1000 });
    await budget.run(async () => {});
    const controller = new AbortController();
    const task = vi.fn(async () => {});
    const waiting = budget.run(task, controller.signal);
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    await vi.runAllTimersAsync();
    expect(task).not.toHaveBeenCalled();
  });

  it('starts an urgent task (an identity call) before the ordinary ones already waiting', async () => {
    const budget = new RateBudget({ callsPerWindow: 100, maxConcurrent: 1, windowMs: 1000 });
    const order: string[] = [];
    const task = (name: string) => async () => {
      order.push(name);
      await new Promise((resolve) => setTimeout(resolve, 10));
    };
    const all = [
      budget.run(task('a')),
      budget.run(task('b')),
      budget.run(task('c')),
      budget.run(task('identity'), undefined, 'urgent'),
    ];
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(order).toEqual(['a', 'identity', 'b', 'c']);
  });

  it('starts a queued ordinary task before background tasks queued earlier', async () => {
    const budget = new RateBudget({ callsPerWindow: 100, maxConcurrent: 1, windowMs: 1000 });
    const order: string[] = [];
    const task = (name: string) => async () => {
      order.push(name);
      await new Promise((resolve) => setTimeout(resolve, 10));
    };
    const all = [
      budget.run(task('form'), undefined, 'ordinary'),
      budget.run(task('chunk 1'), undefined, 'background'),
      budget.run(task('chunk 2'), undefined, 'background'),
      budget.run(task('lookup'), undefined, 'ordinary'),
      budget.run(task('identity'), undefined, 'urgent'),
    ];
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(order).toEqual(['form', 'identity', 'lookup', 'chunk 1', 'chunk 2']);
  });
});
