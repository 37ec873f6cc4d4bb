// Storage of import files, jobs and their per-row results (migration 2). Big sets never pass through JS memory
// whole, nor through one long statement: rows go in and out in pages, each its own short transaction, so the
// callers can let other requests in between pages. The runner's own statements live in `import-runs-repo.ts`.
import { randomUUID } from 'node:crypto';
import type {
  ImportAction,
  ImportCounts,
  ImportDelimiter,
  ImportRowStatus,
  ImportState,
} from '../contract/imports';
import type { SqliteDb } from './database';

export interface NewImportFile {
  id: string;
  userId: number;
  name: string;
  delimiter: ImportDelimiter;
  columns: readonly string[];
  createdAtMs: number;
}

export interface ImportFileRecord extends NewImportFile {
  sizeBytes: number;
  rowCount: number;
}

/** One data row of a file; `row` is the spreadsheet row number (the header is row 1). */
export interface FileRow {
  row: number;
  cells: string[];
}

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

export interface ImportJobRecord {
  id: string;
  fileId: string;
  fileName: string;
  columns: string[];
  user: { id: number | null; email: string };
  partitionName: string;
  action: ImportAction;
  lookupField: string;
  state: ImportState;
  message: string | null;
  createdAtMs: number;
  /** When the first chunk went out (`null` before); the start of the rate. */
  firstSentAtMs: number | null;
  firstAnswerAtMs: number | null;
  finishedAtMs: number | null;
  counts: ImportCounts;
}

export interface ImportResultRecord {
  row: number;
  cells: string[];
  status: ImportRowStatus;
  leadId: number | null;
  reasonCode: string | null;
  reasonMessage: string | null;
}

/** States in which a job still has work (or an in-flight chunk) ahead of it. */

interface FileRowData {
  id: string;
  user_id: number;
  name: string;
  size_bytes: number;
  delimiter: ImportDelimiter;
  columns: string;
  row_count: number;
  created_at_ms: number;
}

interface JobRowData {
  id: string;
  file_id: string;
  file_name: string;
  columns: string;
  user_id: number | null;
  user_email: string;
  partition_name: string;
  action: ImportAction;
  lookup_field: string;
  state: ImportState;
  message: string | null;
  created_at_ms: number;
  first_sent_at_ms: number | null;
  first_answer_at_ms: number | null;
  finished_at_ms: number | null;
  total: number;
  sent: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  cancelled: number;
}

interface ResultRowData {
  row: number;
  cells: string;
  status: ImportRowStatus;
  lead_id: number | null;
  reason_code: string | null;
  reason_message: string | null;
}

const JOB_SELECT = `
  SELECT j.*, f.name AS file_name, f.columns AS columns,
         (SELECT MIN(c.sent_at_ms) FROM import_chunks c WHERE c.job_id = j.id) AS first_sent_at_ms
  FROM import_jobs j JOIN import_files f ON f.id = j.file_id`;

const RESULT_SELECT = `
  SELECT r.row, f.cells, r.status, r.lead_id, r.reason_code, r.reason_message
  FROM import_results r JOIN import_file_rows f ON f.file_id = ? AND f.row = r.row`;

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

/**
 * Unused files whose rows are being removed a page at a time in this process (`server/imports/file-ingest.ts`):
 * such a file is already gone for anyone who asks, so no check or start reads it half-deleted.
 */
export const filesBeingDeleted = new Set<string>();

/** The lookup keys of a file seen so far, in a temporary table: `see` answers the row that had `key` first. */
export interface KeyLedger {
  see(key: string, row: number): number | undefined;
  /** Drops the table; call once done (a table left behind goes with the connection). */
  close(): void;
}

function toFile(row: FileRowData): ImportFileRecord {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    sizeBytes: row.size_bytes,
    delimiter: row.delimiter,
    columns: JSON.parse(row.columns) as string[],
    rowCount: row.row_count,
    createdAtMs: row.created_at_ms,
  };
}

function toJob(row: JobRowData): ImportJobRecord {
  return {
    id: row.id,
    fileId: row.file_id,
    fileName: row.file_name,
    columns: JSON.parse(row.columns) as string[],
    user: { id: row.user_id, email: row.user_email },
    partitionName: row.partition_name,
    action: row.action,
    lookupField: row.lookup_field,
    state: row.state,
    message: row.message,
    createdAtMs: row.created_at_ms,
    firstSentAtMs: row.first_sent_at_ms,
    firstAnswerAtMs: row.first_answer_at_ms,
    finishedAtMs: row.finished_at_ms,
    counts: {
      total: row.total,
      sent: row.sent,
      created: row.created,
      updated: row.updated,
      skipped: row.skipped,
      failed: row.failed,
      cancelled: row.cancelled,
    },
  };
}

function toResult(row: ResultRowData): ImportResultRecord {
  return {
    row: row.row,
    cells: JSON.parse(row.cells) as string[],
    status: row.status,
    leadId: row.lead_id,
    reasonCode: row.reason_code,
    reasonMessage: row.reason_message,
  };
}

export class ImportsRepo {
  constructor(private readonly db: SqliteDb) {}

  /** Records a file before its rows arrive (size and count 0 until `finishFile`). */
  createFile(file: NewImportFile): void {
    this.db
      .prepare(
        `INSERT INTO import_files (id, user_id, name, size_bytes, delimiter, columns, row_count, created_at_ms)
         VALUES (?, ?, ?, 0, ?, ?, 0, ?)`,
      )
      .run(file.id, file.userId, file.name, file.delimiter, JSON.stringify(file.columns), file.createdAtMs);
  }

  /** Appends a batch of rows in one transaction. */
  addRows(fileId: string, rows: readonly FileRow[]): void {
    const insert = this.db.prepare('INSERT INTO import_file_rows (file_id, row, cells) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const { row, cells } of rows) insert.run(fileId, row, JSON.stringify(cells));
    })();
  }

  finishFile(fileId: string, sizeBytes: number, rowCount: number): void {
    this.db
      .prepare('UPDATE import_files SET size_bytes = ?, row_count = ? WHERE id = ?')
      .run(sizeBytes, rowCount, fileId);
  }

  /**
   * Removes up to `limit` rows of a file no job uses, and the file itself once none is left, in one transaction.
   * Answers how many rows it removed (0: the file is gone, or a job uses it and it stays).
   */
  deleteFilePage(fileId: string, limit: number): number {
    return this.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM import_jobs WHERE file_id = ?').get(fileId)) return 0;
      const removed = this.db
        .prepare(
          `DELETE FROM import_file_rows
           WHERE file_id = ? AND row IN (SELECT row FROM import_file_rows WHERE file_id = ? ORDER BY row LIMIT ?)`,
        )
        .run(fileId, fileId, limit).changes;
      if (removed === 0) this.db.prepare('DELETE FROM import_files WHERE id = ?').run(fileId);
      return removed;
    });
  }

  /** Files no job uses, uploaded before `beforeMs`: checked and abandoned, or left by a crash mid-upload. */
  unusedFileIds(beforeMs: number): string[] {
    return this.db
      .prepare(
        `SELECT id FROM import_files
         WHERE created_at_ms < ? AND NOT EXISTS (SELECT 1 FROM import_jobs j WHERE j.file_id = import_files.id)`,
      )
      .pluck()
      .all(beforeMs) as string[];
  }

  file(id: string): ImportFileRecord | undefined {
    if (filesBeingDeleted.has(id)) return undefined;
    const row = this.db.prepare('SELECT * FROM import_files WHERE id = ?').get(id) as FileRowData | undefined;
    return row && toFile(row);
  }

  /** The first `limit` data rows' cells. */
  sample(fileId: string, limit: number): string[][] {
    const rows = this.db
      .prepare('SELECT cells FROM import_file_rows WHERE file_id = ? ORDER BY row LIMIT ?')
      .all(fileId, limit) as { cells: string }[];
    return rows.map((row) => JSON.parse(row.cells) as string[]);
  }

  /** Up to `limit` data rows after spreadsheet row `afterRow`, in order: keyset paging over the primary key. */
  rowsAfter(fileId: string, afterRow: number, limit: number): FileRow[] {
    const rows = this.db
      .prepare('SELECT row, cells FROM import_file_rows WHERE file_id = ? AND row > ? ORDER BY row LIMIT ?')
      .all(fileId, afterRow, limit) as { row: number; cells: string }[];
    return rows.map((data) => ({ row: data.row, cells: JSON.parse(data.cells) as string[] }));
  }

  /**
   * A new, empty ledger of lookup keys. It lives in SQLite's temporary storage (a page cache, spilled to a
   * temporary file), so a file of a million distinct keys costs no JS heap. Writes are fastest inside
   * `transaction`.
   */
  keyLedger(): KeyLedger {
    const table = `temp.import_keys_${randomUUID().replaceAll('-', '')}`;
    this.db.exec(`CREATE TABLE ${table} (key TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID`);
    const claim = this.db.prepare(
      `INSERT INTO ${table} (key, row) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
    );
    const first = this.db.prepare(`SELECT row FROM ${table} WHERE key = ?`).pluck();
    return {
      see: (key, row) => (claim.run(key, row).changes > 0 ? undefined : (first.get(key) as number)),
      close: () => {
        if (this.db.open) this.db.exec(`DROP TABLE IF EXISTS ${table}`);
      },
    };
  }

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

  /** Runs `work` in one transaction (nested calls become savepoints). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
