// Storage of import jobs and their per-row results (migrations.ts `imports`). Big sets never pass through JS memory whole,
// nor through one long statement: rows go in and out in pages, each its own short transaction, so the callers can
// let other requests in between pages. The files are `import-files-repo.ts`; the runner's own statements live in
// `import-runs-repo.ts`.
import { sql } from 'kysely';
import type { ImportAction, ImportRowStatus } from '../contract/imports';
import { ImportFilesRepo } from './import-files-repo';
import {
  JOB_SELECT,
  resultSelect,
  toJob,
  toResult,
  type ImportJobRecord,
  type ImportResultRecord,
  type JobRowData,
  type ResultRowData,
} from './import-job-records';
import { insertionOrder, tableUsingIndex } from './dialect-sql';
import { jobsBeingDeleted } from './retention-imports';

/** What the check made of one row: the lead to send, or why it is skipped before anything is sent. */
export type RowOutcome = { send: Record<string, unknown> } | { skip: { code: string; message: string } };

export interface NewImportJob {
  id: string;
  fileId: string;
  user: { id: number; email: string };
  partitionName: string;
  action: ImportAction;
  lookupField: string;
  mapping: readonly (string | null)[];
  createdAtMs: number;
  /** The replica writing it (`ImportRunner.replicaId`), so no other replica removes it as left over meanwhile. */
  startedBy: string;
}

/**
 * A job whose results are still being written has `total` 0 (`openJob` sets it; a job with no rows is never
 * opened). Such a job is neither listed nor run, and one left by a crash is removed (`unopenedJobs`).
 */
export const OPENED_JOB = sql`j.total > 0`;

/**
 * Jobs whose cancel is cancelling their free rows a page at a time in this process (`server/imports/job-cancel.ts`):
 * the runner leaves those rows to it rather than cancel them all in one long statement.
 */
export const cancelsInProgress = new Set<string>();

/** Results per INSERT: 7 values each, well under SQLite's 32,766 bound values. */
const RESULT_ROWS_PER_INSERT = 500;

/** Files and jobs in one repo: an import's callers hold one repo from upload to results. */
export class ImportsRepo extends ImportFilesRepo {
  /**
   * Records a job with no results yet (`total` 0: not listed, not run). Its results are added page by page with
   * `addResults`, then `openJob` makes it a job; `discardJobPage` undoes it.
   */
  async beginJob(job: NewImportJob): Promise<void> {
    await this.db
      .insertInto('import_jobs')
      .values({
        id: job.id,
        file_id: job.fileId,
        user_id: job.user.id,
        user_email: job.user.email,
        partition_name: job.partitionName,
        action: job.action,
        lookup_field: job.lookupField,
        mapping: JSON.stringify(job.mapping),
        state: 'running',
        created_at_ms: job.createdAtMs,
        total: 0,
        started_by: job.startedBy,
      })
      .execute();
  }

  /** Stores the check's outcome for a page of rows, in one transaction: skipped with the reason, or pending. */
  async addResults(jobId: string, outcomes: readonly { row: number; outcome: RowOutcome }[]): Promise<void> {
    const values = outcomes.map(({ row, outcome }) =>
      'send' in outcome
        ? { job_id: jobId, row, status: 'pending', fields: JSON.stringify(outcome.send) }
        : {
            job_id: jobId,
            row,
            status: 'skipped',
            fields: null,
            reason_code: outcome.skip.code,
            reason_message: outcome.skip.message,
          },
    );
    await this.transaction(async () => {
      // One statement per slice, under SQLite's 32,766 bound values; every row names the same columns.
      for (let start = 0; start < values.length; start += RESULT_ROWS_PER_INSERT) {
        const slice = values.slice(start, start + RESULT_ROWS_PER_INSERT).map((value) => ({
          reason_code: null,
          reason_message: null,
          ...value,
        }));
        await this.db.insertInto('import_results').values(slice).execute();
      }
    });
  }

  /**
   * Makes a begun job a job: its totals set, `completed` at once when every row was skipped. Call inside a
   * transaction with whatever must land with it (the audit entry).
   */
  async openJob(jobId: string, totals: { total: number; skipped: number }): Promise<ImportJobRecord> {
    if (totals.total === 0) throw new Error('a job with no rows cannot be opened');
    const { total, skipped } = totals;
    const allSkipped = total === skipped;
    await this.db
      .updateTable('import_jobs')
      .set({ total, skipped })
      .$if(allSkipped, (update) =>
        update.set((eb) => ({ state: 'completed', finished_at_ms: eb.ref('created_at_ms') })),
      )
      .where('id', '=', jobId)
      .where('total', '=', 0)
      .execute();
    const opened = await this.job(jobId);
    if (!opened) throw new Error('the job just opened is missing');
    return opened;
  }

  /** Jobs begun and never opened (a start that failed, or that a crash cut short), oldest first. */
  async unopenedJobs(): Promise<{ id: string; startedBy: string | null }[]> {
    const { rows } = await sql<{ id: string; startedBy: string | null }>`
      SELECT j.id, j.started_by AS "startedBy" FROM import_jobs j WHERE NOT (${OPENED_JOB})
      ORDER BY j.created_at_ms`.execute(this.db);
    return rows;
  }

  /**
   * Removes up to `limit` results of a job that was never opened, and the job itself once none is left, in one
   * transaction. Answers how many results it removed (0: the job is gone). An opened job is left alone.
   */
  discardJobPage(jobId: string, limit: number): Promise<number> {
    return this.transaction(async () => {
      const { rows: opened } = await sql`
        SELECT 1 FROM import_jobs j WHERE j.id = ${jobId} AND ${OPENED_JOB}`.execute(this.db);
      if (opened.length > 0) return 0;
      const result = await sql`
        DELETE FROM import_results
        WHERE job_id = ${jobId}
          AND row IN (SELECT row FROM import_results WHERE job_id = ${jobId} ORDER BY row LIMIT ${limit})`.execute(
        this.db,
      );
      const removed = Number(result.numAffectedRows ?? 0);
      if (removed === 0) await this.db.deleteFrom('import_jobs').where('id', '=', jobId).execute();
      return removed;
    });
  }

  async job(id: string): Promise<ImportJobRecord | undefined> {
    if (jobsBeingDeleted.has(id)) return undefined;
    const { rows } = await sql<JobRowData>`${JOB_SELECT} WHERE j.id = ${id}`.execute(this.db);
    // Checked again after the read: a deletion may have begun meanwhile.
    const row = rows[0];
    return row && !jobsBeingDeleted.has(id) ? toJob(row) : undefined;
  }

  /** Newest first: every job (`all`), or the jobs into the named partitions. */
  async recentJobs(partitions: 'all' | readonly string[], limit: number): Promise<ImportJobRecord[]> {
    if (partitions !== 'all' && partitions.length === 0) return [];
    const where =
      partitions === 'all'
        ? sql`WHERE ${OPENED_JOB}`
        : sql`WHERE ${OPENED_JOB} AND j.partition_name IN (${sql.join(partitions)})`;
    const { rows } = await sql<JobRowData>`
      ${JOB_SELECT} ${where}
      ORDER BY j.created_at_ms DESC, ${insertionOrder(this.consoleDb, 'j')} DESC LIMIT ${limit}`.execute(
      this.db,
    );
    return rows.map(toJob);
  }

  /** Rows of a job matching `status` (all when undefined). */
  async countResults(
    jobId: string,
    status: ImportRowStatus | undefined,
    reasonCode?: string,
  ): Promise<number> {
    const row = await this.db
      .selectFrom('import_results')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', jobId)
      .$if(status !== undefined, (query) => query.where('status', '=', status!))
      .$if(reasonCode !== undefined, (query) => query.where('reason_code', '=', reasonCode!))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The reason codes of a job's rows (of one status), each with one of its messages and its rows, most first. */
  async reasonCounts(
    jobId: string,
    status: ImportRowStatus | undefined,
  ): Promise<{ code: string; message: string; count: number }[]> {
    const rows = await this.db
      .selectFrom('import_results')
      .select((eb) => [
        'reason_code as code',
        eb.fn.min('reason_message').as('message'),
        eb.fn.countAll<number>().as('count'),
      ])
      .where('job_id', '=', jobId)
      .where('reason_code', 'is not', null)
      .$if(status !== undefined, (query) => query.where('status', '=', status!))
      .groupBy('reason_code')
      .orderBy('count', 'desc')
      .orderBy('reason_code')
      .execute();
    return rows.map((row) => ({
      code: row.code ?? '',
      message: row.message ?? '',
      count: Number(row.count),
    }));
  }

  /** One page of a job's results in row order, optionally of one status (and one reason code) only. */
  async results(
    job: Pick<ImportJobRecord, 'id' | 'fileId'>,
    page: {
      status?: ImportRowStatus | undefined;
      reasonCode?: string | undefined;
      offset: number;
      limit: number;
    },
  ): Promise<ImportResultRecord[]> {
    const byStatus = page.status === undefined ? sql`` : sql`AND r.status = ${page.status}`;
    const byReason = page.reasonCode === undefined ? sql`` : sql`AND r.reason_code = ${page.reasonCode}`;
    const { rows } = await sql<ResultRowData>`
      ${resultSelect(job.fileId)} WHERE r.job_id = ${job.id} ${byStatus} ${byReason}
      ORDER BY r.row LIMIT ${page.limit} OFFSET ${page.offset}`.execute(this.db);
    return rows.map(toResult);
  }

  /** The next `limit` results after spreadsheet row `afterRow`: paging that stays fast at the end of a file. */
  async resultsAfter(
    job: Pick<ImportJobRecord, 'id' | 'fileId'>,
    afterRow: number,
    limit: number,
  ): Promise<ImportResultRecord[]> {
    const { rows } = await sql<ResultRowData>`
      ${resultSelect(job.fileId)} WHERE r.job_id = ${job.id} AND r.row > ${afterRow}
      ORDER BY r.row LIMIT ${limit}`.execute(this.db);
    return rows.map(toResult);
  }

  /** The field each column of the job's file was mapped to (`null`: not sent). */
  async jobMapping(jobId: string): Promise<(string | null)[]> {
    const row = await this.db
      .selectFrom('import_jobs')
      .select('mapping')
      .where('id', '=', jobId)
      .executeTakeFirstOrThrow();
    return JSON.parse(row.mapping) as (string | null)[];
  }

  /**
   * The next `limit` results after spreadsheet row `afterRow` of one status and, optionally, one reason code:
   * every row a filter selects, read page by page (`server/moves/selection-values.ts`).
   */
  async resultsMatchingAfter(
    job: Pick<ImportJobRecord, 'id' | 'fileId'>,
    filter: { status?: ImportRowStatus | undefined; reasonCode?: string | undefined },
    afterRow: number,
    limit: number,
  ): Promise<ImportResultRecord[]> {
    const byStatus = filter.status === undefined ? sql`` : sql`AND r.status = ${filter.status}`;
    const byReason = filter.reasonCode === undefined ? sql`` : sql`AND r.reason_code = ${filter.reasonCode}`;
    const { rows } = await sql<ResultRowData>`
      ${resultSelect(job.fileId)} WHERE r.job_id = ${job.id} AND r.row > ${afterRow} ${byStatus} ${byReason}
      ORDER BY r.row LIMIT ${limit}`.execute(this.db);
    return rows.map(toResult);
  }

  /** The first `limit` rows skipped (by the check, or by Marketo), with their reasons. */
  async skippedRows(jobId: string, limit: number): Promise<{ row: number; code: string; message: string }[]> {
    const { rows } = await sql<{ row: number; code: string; message: string }>`
      SELECT row, COALESCE(reason_code, '') AS code, COALESCE(reason_message, '') AS message
      FROM ${tableUsingIndex(this.consoleDb, 'import_results', undefined, 'import_results_by_status')}
      WHERE job_id = ${jobId} AND status = 'skipped' ORDER BY row LIMIT ${limit}`.execute(this.db);
    return rows;
  }

  /**
   * The first step of a cancel: a running job becomes `cancelling`, so no new chunk is taken from it.
   * `false` for a job already cancelling or finished (left alone: only one cancel is ever recorded). Its rows
   * follow with `cancelFreeRowsPage`.
   */
  async beginCancel(jobId: string): Promise<boolean> {
    // One conditional UPDATE: of two cancels at once, on any replica, exactly one changes the row.
    const result = await this.db
      .updateTable('import_jobs')
      .set({ state: 'cancelling', paused_until_ms: null, message: null })
      .where('id', '=', jobId)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Cancels up to `limit` rows of a `cancelling` job that are not in a chunk, in row order, counting them on the
   * job, in one transaction. Answers how many it cancelled (0: none is left).
   */
  cancelFreeRowsPage(jobId: string, limit: number): Promise<number> {
    return this.transaction(async () => {
      const result = await sql`
        UPDATE import_results SET status = 'cancelled'
        WHERE job_id = ${jobId} AND row IN (
          SELECT r.row FROM ${tableUsingIndex(this.consoleDb, 'import_results', 'r', 'import_results_by_status')}
            JOIN import_jobs j ON j.id = r.job_id
          WHERE r.job_id = ${jobId} AND j.state = 'cancelling' AND r.status = 'pending' AND r.chunk IS NULL
          ORDER BY r.row LIMIT ${limit})`.execute(this.db);
      const cancelled = Number(result.numAffectedRows ?? 0);
      if (cancelled > 0) {
        await this.db
          .updateTable('import_jobs')
          .set((eb) => ({ cancelled: eb('cancelled', '+', cancelled) }))
          .where('id', '=', jobId)
          .execute();
      }
      return cancelled;
    });
  }

  /** A `cancelling` job with no pending row left (no chunk in flight) becomes `cancelled`. */
  async finishCancel(jobId: string, nowMs: number): Promise<void> {
    await sql`
      UPDATE import_jobs SET state = 'cancelled', finished_at_ms = ${nowMs}
      WHERE id = ${jobId} AND state = 'cancelling'
        AND NOT EXISTS (SELECT 1 FROM import_results r WHERE r.job_id = ${jobId} AND r.status = 'pending')`.execute(
      this.db,
    );
  }

  /** `cancelling` jobs that still have rows outside any chunk: a cancel a crash cut short. */
  async cancellingJobIdsWithFreeRows(): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`
      SELECT j.id FROM import_jobs j
      WHERE j.state = 'cancelling' AND EXISTS (
        SELECT 1 FROM ${tableUsingIndex(this.consoleDb, 'import_results', 'r', 'import_results_by_status')}
        WHERE r.job_id = j.id AND r.status = 'pending' AND r.chunk IS NULL)
      ORDER BY j.created_at_ms`.execute(this.db);
    return rows.map((row) => row.id);
  }
}
