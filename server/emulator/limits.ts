// Marketo's three call limits (docs/marketo-api.md §11): a rolling 20 s window, calls in flight, and a daily quota that
// resets at midnight US Central. Calls answered with an uncounted code are taken back out afterwards.
import type { EmulatorConfig } from './config';

/** Adobe marks these as not counted against the rate limit or the quota (error-codes.md). */
export const UNCOUNTED_CODES: ReadonlySet<string> = new Set(['601', '602', '604', '605', '608', '611']);

export type Admission = { ok: true; ticket: CallTicket } | { ok: false; code: '606' | '607' | '615' };

export interface CallTicket {
  readonly startedAt: number;
  readonly day: string;
}

/** The calendar day in US Central time, which is when Marketo's quota resets ("12:00AM CST"). */
export function centralDay(epochMs: number): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Chicago',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(epochMs));
}

export class CallLimits {
  private window: number[] = [];
  private inFlight = 0;
  private readonly usageByDay = new Map<string, number>();
  maxConcurrentSeen = 0;
  maxCallsIn20sSeen = 0;

  constructor(
    private readonly now: () => number,
    private readonly config: () => EmulatorConfig,
  ) {}

  /** Counts the call, then decides whether it may run. Rejected calls still count (606/607/615 are counted codes). */
  admit(): Admission {
    const now = this.now();
    const day = centralDay(now);
    const { callsPer20s, maxConcurrent, dailyQuota } = this.config();
    this.prune(now);
    const usedToday = this.usageByDay.get(day) ?? 0;
    this.window.push(now);
    this.usageByDay.set(day, usedToday + 1);
    this.maxCallsIn20sSeen = Math.max(this.maxCallsIn20sSeen, this.window.length);
    const ticket: CallTicket = { startedAt: now, day };
    if (usedToday >= dailyQuota) return { ok: false, code: '607' };
    if (this.window.length > callsPer20s) return { ok: false, code: '606' };
    if (this.inFlight >= maxConcurrent) return { ok: false, code: '615' };
    this.inFlight += 1;
    this.maxConcurrentSeen = Math.max(this.maxConcurrentSeen, this.inFlight);
    return { ok: true, ticket };
  }

  /** Ends an admitted call; `code` is the error code it was answered with, if any. */
  finish(ticket: CallTicket, code: string | undefined): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (code !== undefined && UNCOUNTED_CODES.has(code)) this.uncount(ticket);
  }

  private uncount(ticket: CallTicket): void {
    const index = this.window.indexOf(ticket.startedAt);
    if (index >= 0) this.window.splice(index, 1);
    const used = this.usageByDay.get(ticket.day) ?? 0;
    this.usageByDay.set(ticket.day, Math.max(0, used - 1));
  }

  usageToday(): { day: string; total: number } {
    const day = centralDay(this.now());
    return { day, total: this.usageByDay.get(day) ?? 0 };
  }

  callsInWindow(): number {
    this.prune(this.now());
    return this.window.length;
  }

  reset(): void {
    this.window = [];
    this.usageByDay.clear();
    this.maxConcurrentSeen = 0;
    this.maxCallsIn20sSeen = 0;
    // In-flight calls keep running across a reset; their finish() must still balance the counter.
  }

  private prune(now: number): void {
    const cutoff = now - this.config().rateWindowMs;
    let drop = 0;
    while (drop < this.window.length && (this.window[drop] ?? 0) <= cutoff) drop += 1;
    if (drop > 0) this.window = this.window.slice(drop);
  }
}
