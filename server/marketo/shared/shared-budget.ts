// The rate budget shared by every replica through Redis: Marketo's window and concurrency cap belong to the
// instance, not to one process. Each replica queues its own callers by priority (urgent, ordinary, background,
// as `CallPriority` in ../rate-budget.ts) and sends the head of its queue to Redis's script (budget-script.ts)
// for a start and a slot; a background call also waits while any replica has an interactive call waiting. If
// Redis cannot be reached, queued callers fail with `CoordinationUnavailableError`: never a private budget, which
// would burst past the instance's limit.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { defaultMarginMs, type CallPriority, type RateBudget } from '../rate-budget';
import type { RateBudgetSnapshot } from '../types';
import { BudgetScript } from './budget-script';
import { CoordinationUnavailableError, coordinated } from './coordination-error';

export interface SharedRateBudgetOptions {
  callsPerWindow: number;
  maxConcurrent: number;
  windowMs?: number;
  marginMs?: number;
  /** How long a slot stays held without renewal (a dead replica's slot frees after this); default 15 s. */
  leaseMs?: number;
}

const PRIORITY_ORDER: Record<CallPriority, number> = { urgent: 0, ordinary: 1, background: 2 };
/** How often the head of the queue asks again while every slot is taken (slots free at unknown times). */
const SLOT_POLL_MS = 15;
/** The longest the queue sleeps before asking again, so a hold lifted or a window freed early is noticed. */
const MAX_WAIT_MS = 1_000;
/** `snapshot()` is synchronous; it refreshes the shared count in the background at most this often. */
const COUNT_REFRESH_MS = 250;

interface Waiter {
  priority: CallPriority;
  start: (member: string) => void;
  fail: (error: CoordinationUnavailableError) => void;
}

export class SharedRateBudget implements RateBudget {
  readonly callsPerWindow: number;
  readonly maxConcurrent: number;
  readonly windowMs: number;
  private readonly script: BudgetScript;
  private readonly leaseMs: number;
  private readonly replica = randomUUID();
  private sequence = 0;
  private readonly waiting: Waiter[] = [];
  private active = 0;
  private pumping = false;
  private wake: (() => void) | undefined;
  private sharedCalls = 0;
  private countRefreshedAt = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(redis: Redis, options: SharedRateBudgetOptions) {
    if (!(options.callsPerWindow >= 1) || !(options.maxConcurrent >= 1)) {
      throw new RangeError('callsPerWindow and maxConcurrent must be at least 1');
    }
    this.callsPerWindow = Math.floor(options.callsPerWindow);
    this.maxConcurrent = Math.floor(options.maxConcurrent);
    this.windowMs = options.windowMs ?? 20_000;
    this.leaseMs = options.leaseMs ?? 15_000;
    this.script = new BudgetScript(redis, {
      countedWindowMs: this.windowMs + (options.marginMs ?? defaultMarginMs(this.windowMs)),
      callsPerWindow: this.callsPerWindow,
      maxConcurrent: this.maxConcurrent,
      leaseMs: this.leaseMs,
      // A refused interactive call asks again within MAX_WAIT_MS, so the lane stays shut while it waits.
      interactiveWaitMs: MAX_WAIT_MS + 250,
    });
  }

  async run<T>(
    task: () => Promise<T>,
    signal?: AbortSignal,
    priority: CallPriority = 'ordinary',
  ): Promise<T> {
    if (signal?.aborted) throw signal.reason;
    const member = await this.enqueue(priority, signal);
    this.active++;
    const renewal = setInterval(() => {
      // A lost renewal only shortens the lease; the call itself goes on.
      this.script.renew(member).catch(() => {});
    }, this.leaseMs / 3);
    renewal.unref();
    try {
      return await task();
    } finally {
      clearInterval(renewal);
      this.active--;
      // If Redis is away the lease simply expires.
      this.script.release(member).catch(() => {});
      this.wake?.();
      this.settleIdle();
    }
  }

  holdOff(ms: number): void {
    // Everyone's window is full (a 606): every replica holds. If Redis is away, nothing is sent anyway.
    this.script.holdOff(ms).catch(() => {});
  }

  snapshot(): RateBudgetSnapshot {
    if (Date.now() - this.countRefreshedAt >= COUNT_REFRESH_MS) {
      this.countRefreshedAt = Date.now();
      this.script.callsInWindow().then(
        (calls) => {
          this.sharedCalls = calls;
        },
        () => {},
      );
    }
    return {
      callsPer20s: this.callsPerWindow,
      maxConcurrent: this.maxConcurrent,
      callsInWindow: this.sharedCalls,
      inFlight: this.active,
      queued: this.waiting.length,
    };
  }

  async idle(): Promise<void> {
    if (this.waiting.length === 0 && this.active === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves with the lease's member once this caller's start and slot are taken. */
  private async enqueue(priority: CallPriority, signal: AbortSignal | undefined): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason as Error);
        this.settleIdle();
      };
      const waiter: Waiter = {
        priority,
        start: (member) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(member);
        },
        fail: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      // After every waiter of the same or a higher priority: arrival order within a lane.
      const at = this.waiting.findIndex((w) => PRIORITY_ORDER[w.priority] > PRIORITY_ORDER[priority]);
      this.waiting.splice(at < 0 ? this.waiting.length : at, 0, waiter);
      void this.pump();
    });
  }

  /** Asks Redis for the head of the queue until the queue is empty; one pump per replica at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const member = `${this.replica}:${++this.sequence}`;
        const lane = this.waiting[0]?.priority === 'background' ? 'background' : 'interactive';
        let verdict;
        try {
          verdict = await coordinated(() => this.script.acquire(member, lane));
        } catch (error) {
          this.failAll(error);
          break;
        }
        this.sharedCalls = verdict.callsInWindow;
        if (verdict.granted) {
          const head = this.waiting.shift();
          // If the caller asked for gave up meanwhile, the next one takes the slot; with none left it is freed.
          if (head) head.start(member);
          else this.script.release(member).catch(() => {});
          continue;
        }
        const waitMs = verdict.waitMs === 'slot' ? SLOT_POLL_MS : Math.min(verdict.waitMs, MAX_WAIT_MS);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    } finally {
      this.pumping = false;
      this.settleIdle();
    }
  }

  private failAll(error: unknown): void {
    const failed = this.waiting.splice(0);
    const reason =
      error instanceof CoordinationUnavailableError ? error : new CoordinationUnavailableError(error);
    for (const waiter of failed) waiter.fail(reason);
  }

  private settleIdle(): void {
    if (this.waiting.length > 0 || this.active > 0) return;
    const waiters = this.idleWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }
}
