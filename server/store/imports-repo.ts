// Storage of import jobs and their per-row results (migration 2). Big sets never pass through JS memory whole,
// nor through one long statement: rows go in and out in pages, each its own short transaction, so the callers can
// let other requests in between pages. The files are `import-files-repo.ts`; the runner's own statements live in
// `import-runs-repo.ts`.
import type { ImportAction, ImportRowStatus, ImportState } from '../contract/imports';
import { ImportFilesRepo } from './import-files-repo';
import {
  JOB_SELECT,
  RESULT_SELECT,
  toJob,
  toResult,
  type ImportJobRecord,
  type ImportResultRecord,
  type JobRowData,
  type ResultRowData,
} from './import-job-records';
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
}

/**
 * A job whose results are still being written has `total` 0 (`openJob` sets it; a job with no rows is never
 * opened). Such a job is neither listed nor run, and one left by a crash is removed (`unopenedJobIds`).
 */
export const OPENED_JOB = 'j.total > 0';

/**
 * Jobs whose cancel is cancelling their free rows a page at a time in this process (`server/imports/job-cancel.ts`):
 * the runner leaves those rows to it rather than cancel them all in one long statement.
 */
export const cancelsInProgress = new Set<string>();

/** Files and jobs in one repo: an import's callers hold one repo from upload to results. */
export class ImportsRepo extends ImportFilesRepo {
  /**
   * Records a job with no results yet (`total` 0: not listed, not run). Its results are added page by page with
   * `addResults`, then `openJob` makes it a job; `discardJobPage` undoes it.
   */
  beginJob(job: NewImportJob): void {
    this.db
      .prepare(
        `INSERT INTO import_jobs (id, file_id, user_id, user_email, partition_name, action, lookup_field,
                                 mapping, state, created_at_ms, total)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, 0)`,
      )
      .run(
        job.id,
        job.fileId,
        job.user.id,
        job.user.email,
        job.partitionName,
        job.action,
        job.lookupField,
        JSON.stringify(job.mapping),
        job.createdAtMs,
      );
  }

  /** Stores the check's outcome for a page of rows, in one transaction: skipped with the reason, or pending. */
  addResults(jobId: string, outcomes: readonly { row: number; outcome: RowOutcome }[]): void {
    const insert = this.db.prepare(
      `INSERT INTO import_results (job_id, row, status, fields, reason_code, reason_message)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.transaction(() => {
      for (const { row, outcome } of outcomes) {
        if ('send' in outcome) insert.run(jobId, row, 'pending', JSON.stringify(outcome.send), null, null);
        else insert.run(jobId, row, 'skipped', null, outcome.skip.code, outcome.skip.message);
      }
    });
  }

  /**
   * Makes a begun job a job: its totals set, `completed` at once when every row was skipped. Call inside a
   * transaction with whatever must land with it (the audit entry).
   */
  openJob(jobId: string, totals: { total: number; skipped: number }): ImportJobRecord {
    if (totals.total === 0) throw new Error('a job with no rows cannot be opened');
    const { total, skipped } = totals;
    this.db
      .prepare(
        `UPDATE import_jobs SET total = ?, skipped = ?,
           state = CASE WHEN ? = ? THEN 'completed' ELSE state END,
           finished_at_ms = CASE WHEN ? = ? THEN created_at_ms END
         WHERE id = ? AND total = 0`,
      )
      .run(total, skipped, total, skipped, total, skipped, jobId);
    const opened = this.job(jobId);
    if (!opened) throw new Error('the job just opened is missing');
    return opened;
  }

  /** Jobs begun and never opened (a start that failed, or that a crash cut short), oldest first. */
  unopenedJobIds(): string[] {
    return this.db
      .prepare(`SELECT j.id FROM import_jobs j WHERE NOT (${OPENED_JOB}) ORDER BY j.created_at_ms`)
      .pluck()
      .all() as string[];
  }

  /**
   * Removes up to `limit` results of a job that was never opened, and the job itself once none is left, in one
   * transaction. Answers how many results it removed (0: the job is gone). An opened job is left alone.
   */
  discardJobPage(jobId: string, limit: number): number {
    return this.transaction(() => {
      const opened = this.db
        .prepare(`SELECT 1 FROM import_jobs j WHERE j.id = ? AND ${OPENED_JOB}`)
        .get(jobId);
      if (opened) return 0;
      const removed = this.db
        .prepare(
          `DELETE FROM import_results
           WHERE job_id = ? AND row IN (SELECT row FROM import_results WHERE job_id = ? ORDER BY row LIMIT ?)`,
        )
        .run(jobId, jobId, limit).changes;
      if (removed === 0) this.db.prepare('DELETE FROM import_jobs WHERE id = ?').run(jobId);
      return removed;
    });
  }

  job(id: string): ImportJobRecord | undefined {
    if (jobsBeingDeleted.has(id)) return undefined;
    const row = this.db.prepare(`${JOB_SELECT} WHERE j.id = ?`).get(id) as JobRowData | undefined;
    return row && toJob(row);
  }

  /** Newest first: every job (`all`), or the jobs into the named partitions. */
  recentJobs(partitions: 'all' | readonly string[], limit: number): ImportJobRecord[] {
    if (partitions !== 'all' && partitions.length === 0) return [];
    const where =
      partitions === 'all'
        ? `WHERE ${OPENED_JOB}`
        : `WHERE ${OPENED_JOB} AND j.partition_name IN (${partitions.map(() => '?').join(',')})`;
    const values = partitions === 'all' ? [] : [...partitions];
    const rows = this.db
      .prepare(`${JOB_SELECT} ${where} ORDER BY j.created_at_ms DESC, j.rowid DESC LIMIT ?`)
      .all(...values, limit) as JobRowData[];
    return rows.map(toJob);
  }

  /** Rows of a job matching `status` (all when undefined). */
  countResults(jobId: string, status: ImportRowStatus | undefined): number {
    const row =
      status === undefined
        ? this.db.prepare('SELECT COUNT(*) AS n FROM import_results WHERE job_id = ?').get(jobId)
        : this.db
            .prepare('SELECT COUNT(*) AS n FROM import_results WHERE job_id = ? AND status = ?')
            .get(jobId, status);
    return (row as { n: number }).n;
  }

  /** One page of a job's results in row order, optionally of one status only. */
  results(
    job: Pick<ImportJobRecord, 'id' | 'fileId'>,
    page: { status?: ImportRowStatus | undefined; offset: number; limit: number },
  ): ImportResultRecord[] {
    const byStatus = page.status === undefined ? '' : 'AND r.status = ?';
    const values = page.status === undefined ? [] : [page.status];
    const rows = this.db
      .prepare(`${RESULT_SELECT} WHERE r.job_id = ? ${byStatus} ORDER BY r.row LIMIT ? OFFSET ?`)
      .all(job.fileId, job.id, ...values, page.limit, page.offset) as ResultRowData[];
    return rows.map(toResult);
  }

  /** The next `limit` results after spreadsheet row `afterRow`: paging that stays fast at the end of a file. */
  resultsAfter(
    job: Pick<ImportJobRecord, 'id' | 'fileId'>,
    afterRow: number,
    limit: number,
  ): ImportResultRecord[] {
    const rows = this.db
      .prepare(`${RESULT_SELECT} WHERE r.job_id = ? AND r.row > ? ORDER BY r.row LIMIT ?`)
      .all(job.fileId, job.id, afterRow, limit) as ResultRowData[];
    return rows.map(toResult);
  }

  /** The first `limit` rows skipped (by the check, or by Marketo), with their reasons. */
  skippedRows(jobId: string, limit: number): { row: number; code: string; message: string }[] {
    return this.db
      .prepare(
        `SELECT row, COALESCE(reason_code, '') AS code, COALESCE(reason_message, '') AS message
         FROM import_results INDEXED BY import_results_by_status
         WHERE job_id = ? AND status = 'skipped' ORDER BY row LIMIT ?`,
      )
      .all(jobId, limit) as { row: number; code: string; message: string }[];
  }

  /**
   * The first step of a cancel: a running job becomes `cancelling`, so no new chunk is taken from it.
   * `false` for a job already cancelling or finished (left alone: only one cancel is ever recorded). Its rows
   * follow with `cancelFreeRowsPage`.
   */
  beginCancel(jobId: string): boolean {
    return this.transaction(() => {
      const current = this.db.prepare('SELECT state FROM import_jobs WHERE id = ?').get(jobId) as
        { state: ImportState } | undefined;
      if (current?.state !== 'running') return false;
      this.db
        .prepare(
          `UPDATE import_jobs SET state = 'cancelling', paused_until_ms = NULL, message = NULL WHERE id = ?`,
        )
        .run(jobId);
      return true;
    });
  }

  /**
   * Cancels up to `limit` rows of a `cancelling` job that are not in a chunk, in row order, counting them on the
   * job, in one transaction. Answers how many it cancelled (0: none is left).
   */
  cancelFreeRowsPage(jobId: string, limit: number): number {
    return this.transaction(() => {
      const cancelled = this.db
        .prepare(
          `UPDATE import_results SET status = 'cancelled'
           WHERE job_id = ? AND row IN (
             SELECT r.row FROM import_results r INDEXED BY import_results_by_status
               JOIN import_jobs j ON j.id = r.job_id
             WHERE r.job_id = ? AND j.state = 'cancelling' AND r.status = 'pending' AND r.chunk IS NULL
             ORDER BY r.row LIMIT ?)`,
        )
        .run(jobId, jobId, limit).changes;
      if (cancelled > 0) {
        this.db
          .prepare('UPDATE import_jobs SET cancelled = cancelled + ? WHERE id = ?')
          .run(cancelled, jobId);
      }
      return cancelled;
    });
  }

  /** A `cancelling` job with no pending row left (no chunk in flight) becomes `cancelled`. */
  finishCancel(jobId: string, nowMs: number): void {
    this.db
      .prepare(
        `UPDATE import_jobs SET state = 'cancelled', finished_at_ms = ?
         WHERE id = ? AND state = 'cancelling'
           AND NOT EXISTS (SELECT 1 FROM import_results r WHERE r.job_id = ? AND r.status = 'pending')`,
      )
      .run(nowMs, jobId, jobId);
  }

  /** `cancelling` jobs that still have rows outside any chunk: a cancel a crash cut short. */
  cancellingJobIdsWithFreeRows(): string[] {
    return this.db
      .prepare(
        `SELECT j.id FROM import_jobs j
         WHERE j.state = 'cancelling' AND EXISTS (
           SELECT 1 FROM import_results r INDEXED BY import_results_by_status
           WHERE r.job_id = j.id AND r.status = 'pending' AND r.chunk IS NULL)
         ORDER BY j.created_at_ms`,
      )
      .pluck()
      .all() as string[];
  }
}
