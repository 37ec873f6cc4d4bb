// Counts read from the console database when Prometheus scrapes. Cheap by design: import rows come from each
// job's counters (one row per job), not from counting the results table, which holds every row of every file.
import { sql } from 'kysely';
import type { ConsoleDb } from '../store/kysely';

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
  constructor(private readonly consoleDb: ConsoleDb) {}

  /** Rows of every import job, by status; `pending` are those not yet in a final one (server/imports/job-view.ts). */
  async importRowsByStatus(): Promise<Record<ImportRowStatus, number>> {
    const { rows } = await sql<Totals>`
      SELECT sum(total) AS total, sum(created) AS created, sum(updated) AS updated, sum(written) AS written,
             sum(skipped) AS skipped, sum(failed) AS failed, sum(cancelled) AS cancelled
        FROM import_jobs`.execute(this.consoleDb.db);
    const sums = rows[0];
    const of = (key: keyof Totals) => Number(sums?.[key] ?? 0);
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
  async activeSessions(nowMs: number, limits: SessionLimits): Promise<number> {
    const row = await this.consoleDb.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('live'))
      .where('last_seen_at', '>', nowMs - limits.idleMs)
      .where('created_at', '>', nowMs - limits.absoluteMs)
      .executeTakeFirst();
    return Number(row?.live ?? 0);
  }
}
