// One budget around every upstream call (API calls, retries, identity calls): at most `callsPerWindow` starts
// in any rolling window and at most `maxConcurrent` in flight. p-queue's `strict` mode is a true sliding
// window (timestamps of starts), unlike its default fixed windows, which could let 2× the budget through
// across a window boundary as Marketo counts it.
import PQueue from 'p-queue';
import type { RateBudgetSnapshot } from './types';

/**
 * Which queued task starts first: `urgent` (identity calls: every queued request waits on their token), then
 * `ordinary` (everything a person is waiting for), then `background` (bulk import chunks, which can wait).
 */
export type CallPriority = 'urgent' | 'ordinary' | 'background';

const QUEUE_PRIORITY: Record<CallPriority, number> = { urgent: 1, ordinary: 0, background: -1 };

export interface RateBudgetOptions {
  callsPerWindow: number;
  maxConcurrent: number;
  /** Marketo's window is 20 s. */
  windowMs?: number;
  /**
   * Extra time a start stays counted, because Marketo counts arrivals and arrivals trail our starts by a
   * varying network delay. Default: 2.5% of the window (500 ms for 20 s).
   */
  marginMs?: number;
  /** Clock for `snapshot()`; the window itself runs on p-queue's `Date.now()` (fake timers control both). */
  now?: () => number;
}

/**
 * The budget every upstream attempt runs under. In process (`LocalRateBudget`) or shared by every replica
 * through Redis (`SharedRateBudget`, server/marketo/shared/shared-budget.ts); callers cannot tell which.
 */
export interface RateBudget {
  readonly callsPerWindow: number;
  readonly maxConcurrent: number;
  readonly windowMs: number;
  /**
   * Runs `task` once a slot is free in both the window and the concurrency cap. If `signal` aborts while the
   * task waits, it is dropped without calling upstream and the promise rejects with the signal's reason.
   * Queued tasks start by `priority` (see `CallPriority`), in arrival order within one.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal, priority?: CallPriority): Promise<T>;
  /** Starts nothing new for `ms` (after a 606: Marketo's own window is full). */
  holdOff(ms: number): void;
  /** Current use, for the status page and the import lane's reserve. */
  snapshot(): RateBudgetSnapshot;
  /** Resolves when nothing is queued or running here. */
  idle(): Promise<void>;
}

/** The extra time a start stays counted by default: 2.5% of the window (500 ms for 20 s). */
export function defaultMarginMs(windowMs: number): number {
  return Math.ceil(windowMs / 40);
}

/** A rolling-window + concurrency limiter for one process. */
export class LocalRateBudget implements RateBudget {
  readonly callsPerWindow: number;
  readonly maxConcurrent: number;
  readonly windowMs: number;
  private readonly queue: PQueue;
  private readonly now: () => number;
  private readonly starts: number[] = [];
  private active = 0;
  private holdUntil = 0;
  private holdTimer: NodeJS.Timeout | undefined;

  constructor(options: RateBudgetOptions) {
    if (!(options.callsPerWindow >= 1) || !(options.maxConcurrent >= 1)) {
      throw new RangeError('callsPerWindow and maxConcurrent must be at least 1');
    }
    this.callsPerWindow = Math.floor(options.callsPerWindow);
    this.maxConcurrent = Math.floor(options.maxConcurrent);
    this.windowMs = options.windowMs ?? 20_000;
    this.now = options.now ?? Date.now;
    const marginMs = options.marginMs ?? defaultMarginMs(this.windowMs);
    this.queue = new PQueue({
      concurrency: this.maxConcurrent,
      intervalCap: this.callsPerWindow,
      interval: this.windowMs + marginMs,
      strict: true,
    });
  }

  async run<T>(
    task: () => Promise<T>,
    signal?: AbortSignal,
    priority: CallPriority = 'ordinary',
  ): Promise<T> {
    return this.queue.add(
      async () => {
        this.prune();
        this.starts.push(this.now());
        this.active++;
        try {
          return await task();
        } finally {
          this.active--;
        }
      },
      { signal, priority: QUEUE_PRIORITY[priority] },
    );
  }

  /**
   * Starts nothing new for `ms` (used after a 606: Marketo's own window is full, so every call we send now
   * would be refused and still count).
   */
  holdOff(ms: number): void {
    const until = this.now() + ms;
    if (until <= this.holdUntil) return;
    this.holdUntil = until;
    this.queue.pause();
    clearTimeout(this.holdTimer);
    this.holdTimer = setTimeout(() => {
      this.holdTimer = undefined;
      this.queue.start();
    }, ms);
    this.holdTimer.unref?.();
  }

  /** Current use, for the status page. */
  snapshot(): RateBudgetSnapshot {
    this.prune();
    return {
      callsPer20s: this.callsPerWindow,
      maxConcurrent: this.maxConcurrent,
      callsInWindow: this.starts.length,
      inFlight: this.active,
      queued: this.queue.size,
    };
  }

  private prune(): void {
    const since = this.now() - this.windowMs;
    while (this.starts.length > 0 && (this.starts[0] ?? 0) <= since) this.starts.shift();
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    await this.queue.onIdle();
  }
}

/** `new RateBudget(options)` builds the in-process budget, as it did before the shared one existed. */
export const RateBudget = LocalRateBudget;
