// Remembers what we know about Marketo's daily quota, so `/api/status` can answer without spending calls:
// the usage count is cached, and a 607 seen on any route marks the quota exhausted until its reset time.
import type { MarketoApi } from './marketo/types';
import { nextQuotaReset } from './marketo/quota-reset';
import { ProcessQuotaState, type QuotaState } from './marketo/quota-state';

const FAILED_READ_TTL_MS = 30_000;

export interface UsageSnapshot {
  callsToday: number | null;
  dailyQuotaExhausted: boolean;
  quotaResetsAt: string;
}

export class UsageTracker {
  private cached: { value: number | null; at: number; ttlMs: number } | undefined;
  private inFlight: Promise<number | null> | undefined;

  constructor(
    private readonly marketo: Pick<MarketoApi, 'getUsageToday'>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    /** Where a 607 is remembered: this process, or shared by every replica (REDIS_URL). */
    private readonly quota: QuotaState = new ProcessQuotaState(),
  ) {}

  markExhausted(resetsAt: Date): void {
    this.quota.markExhausted(resetsAt);
  }

  async snapshot(): Promise<UsageSnapshot> {
    const now = this.now();
    const exhaustedUntil = await this.quota.exhaustedUntil();
    const exhausted = now < exhaustedUntil;
    // While the quota is gone, asking Marketo for usage would only fail again.
    const callsToday = exhausted ? (this.cached?.value ?? null) : await this.callsToday(now);
    return {
      callsToday,
      dailyQuotaExhausted: exhausted,
      quotaResetsAt: (exhausted ? new Date(exhaustedUntil) : nextQuotaReset(new Date(now))).toISOString(),
    };
  }

  private async callsToday(now: number): Promise<number | null> {
    if (this.cached && now - this.cached.at < this.cached.ttlMs) return this.cached.value;
    this.inFlight ??= this.marketo
      .getUsageToday()
      .catch(() => null)
      .then((value) => {
        // A failed read is retried sooner than a good one is refreshed, but still not on every page view.
        const ttlMs = value === null ? Math.min(this.ttlMs, FAILED_READ_TTL_MS) : this.ttlMs;
        this.cached = { value, at: this.now(), ttlMs };
        return value;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}
