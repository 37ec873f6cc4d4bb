// Gauges read at scrape time (prom-client's `collect`), so nothing is kept up to date between scrapes: the rate
// budget's use and queue, the daily quota, import rows by status and active sessions.
import { Gauge, type Registry } from 'prom-client';
import type { MarketoApi } from '../marketo/types';
import type { UsageTracker } from '../usage-tracker';
import { ConsoleCounts, IMPORT_ROW_STATUSES, type SessionLimits } from './console-counts';
import type { ConsoleDb } from '../store/kysely';

export interface StateSources {
  marketo: Pick<MarketoApi, 'rateBudget'>;
  /** Cached: a scrape reads Marketo's usage at most once per USAGE_CACHE_TTL_SECONDS, like /api/status. */
  usage: Pick<UsageTracker, 'snapshot'>;
  /** The console database, when the app has one (import rows, sessions). */
  db: ConsoleDb | undefined;
  sessions: SessionLimits;
  now: () => number;
}

export function registerStateGauges(registry: Registry, sources: StateSources): void {
  const registers = [registry];
  const budget = () => sources.marketo.rateBudget();
  new Gauge({
    name: 'marketo_rate_budget_calls_in_window',
    help: 'Upstream calls started in the rolling 20 s window',
    registers,
    collect() {
      this.set(budget().callsInWindow);
    },
  });
  new Gauge({
    name: 'marketo_rate_budget_calls_per_window',
    help: 'Upstream calls the console may start per rolling 20 s window (MARKETO_CALLS_PER_20S)',
    registers,
    collect() {
      this.set(budget().callsPer20s);
    },
  });
  new Gauge({
    name: 'marketo_rate_budget_in_flight',
    help: 'Upstream calls in flight',
    registers,
    collect() {
      this.set(budget().inFlight);
    },
  });
  new Gauge({
    name: 'marketo_rate_budget_queued',
    help: 'Upstream calls waiting for a slot in the rate budget',
    registers,
    collect() {
      this.set(budget().queued ?? 0);
    },
  });
  new Gauge({
    name: 'marketo_daily_calls_used',
    help: 'Calls Marketo counted today (stats/usage.json, cached); absent when it could not be read',
    registers,
    async collect() {
      const { callsToday } = await sources.usage.snapshot();
      if (callsToday === null) this.reset();
      else this.set(callsToday);
    },
  });
  new Gauge({
    name: 'marketo_daily_quota_exhausted',
    help: '1 while Marketo refuses calls with 607 until its daily quota resets, else 0',
    registers,
    async collect() {
      this.set((await sources.usage.snapshot()).dailyQuotaExhausted ? 1 : 0);
    },
  });
  const { db } = sources;
  if (!db) return;
  const counts = new ConsoleCounts(db);
  new Gauge({
    name: 'import_rows',
    help: 'Rows of every import job by status (pending: not yet answered)',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      const rows = await counts.importRowsByStatus();
      for (const status of IMPORT_ROW_STATUSES) this.set({ status }, rows[status]);
    },
  });
  new Gauge({
    name: 'console_active_sessions',
    help: 'Signed-in sessions neither idle nor past their absolute limit',
    registers,
    async collect() {
      this.set(await counts.activeSessions(sources.now(), sources.sessions));
    },
  });
}
