// Counts read from the console database when Prometheus scrapes. Cheap by design: import rows come from each
// job's counters (one row per job), not from counting the results table, which holds every row of every file.
import type { SqliteDb } from '../store/database';

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export const IMPORT_ROW_STATUSES = [
  'pending',
  'created',
  'updated',
  'written',
  'skipped',
  'failed',
  'cancelled',
] as const;
export type ImportRowStatus = (typeof IMPORT_ROW_STATUSES)[number];

type Totals = Record<Exclude<ImportRowStatus, 'pending'> | 'total', number | null>;

export class ConsoleCounts {
  private readonly importTotals;
  private readonly liveSessions;

  constructor(db: SqliteDb) {
    this.importTotals = db.prepare<[], Totals>(
      `SELECT sum(total) AS total, sum(created) AS created, sum(updated) AS updated, sum(written) AS written,
              sum(skipped) AS skipped, sum(failed) AS failed, sum(cancelled) AS cancelled
         FROM import_jobs`,
    );
    this.liveSessions = db.prepare<[number, number], { live: number }>(
      'SELECT count(*) AS live FROM sessions WHERE last_seen_at > ? AND created_at > ?',
    );
  }

  /** Rows of every import job, by status; `pending` are those not yet in a final one (server/imports/job-view.ts). */
  importRowsByStatus(): Record<ImportRowStatus, number> {
    const sums = this.importTotals.get();
    const of = (key: keyof Totals) => sums?.[key] ?? 0;
    const final =
      of('created') + of('updated') + of('written') + of('skipped') + of('failed') + of('cancelled');
    return {
      pending: Math.max(0, of('total') - final),
      created: of('created'),
      updated: of('updated'),
      written: of('written'),
      skipped: of('skipped'),
      failed: of('failed'),
      cancelled: of('cancelled'),
    };
  }

  /**
   * Sessions neither idle nor past their absolute limit (server/auth/sessions.ts). A session's last-seen time
   * is refreshed only once a minute, so one in use may count as idle up to a minute early.
   */
  activeSessions(nowMs: number, limits: SessionLimits): number {
    return this.liveSessions.get(nowMs - limits.idleMs, nowMs - limits.absoluteMs)?.live ?? 0;
  }
}
