// The SQL the import runner's repository runs for every chunk (server/store/import-runs-repo.ts), prepared once, and
// the mapping of its rows to the runner's types.
import type { ImportAction, ImportState } from '../contract/imports';
import type { MarketoValue } from '../marketo/types';
import type { SqliteDb } from './database';
import type { ChunkRow, RunJob } from './import-runs-repo';
import { OPENED_JOB } from './imports-repo';

export interface JobData {
  id: string;
  file_name: string;
  user_id: number | null;
  user_email: string;
  partition_name: string;
  action: ImportAction;
  lookup_field: string;
  state: ImportState;
  paused_until_ms: number | null;
  created_at_ms: number;
}

const JOB_SELECT = `
  SELECT j.id, f.name AS file_name, j.user_id, j.user_email, j.partition_name, j.action, j.lookup_field, j.state,
         j.paused_until_ms, j.created_at_ms
  FROM import_jobs j JOIN import_files f ON f.id = j.file_id`;

// Rows waiting for a chunk: the (job_id, status, row) index finds them in row order. Named, because without
// statistics SQLite walks the primary key instead, through every row already answered: 73 ms per look and
// 150 ms per chunk taken once 500,000 rows of a job were done, all of it holding the event loop.
const PENDING_BY_ROW = 'import_results INDEXED BY import_results_by_status';
const HAS_FREE_ROWS = `EXISTS (SELECT 1 FROM import_results AS r INDEXED BY import_results_by_status
                               WHERE r.job_id = j.id AND r.status = 'pending' AND r.chunk IS NULL)`;

export function toJob(data: JobData): RunJob {
  return {
    id: data.id,
    fileName: data.file_name,
    userId: data.user_id,
    userEmail: data.user_email,
    partitionName: data.partition_name,
    action: data.action,
    lookupField: data.lookup_field,
    state: data.state,
    pausedUntilMs: data.paused_until_ms,
    createdAtMs: data.created_at_ms,
  };
}

export function toRow(data: { row: number; fields: string | null }): ChunkRow {
  return { row: data.row, fields: JSON.parse(data.fields ?? '{}') as Record<string, MarketoValue> };
}

// Prepared once per repository: the runner runs them for every chunk.
export function prepareStatements(db: SqliteDb) {
  return {
    job: db.prepare(`${JOB_SELECT} WHERE j.id = ?`),
    runnable: db.prepare(
      `${JOB_SELECT} WHERE j.state = 'running' AND ${OPENED_JOB} AND ${HAS_FREE_ROWS}
       ORDER BY j.created_at_ms, j.id`,
    ),
    finishable: db.prepare(
      `SELECT j.id FROM import_jobs j
       WHERE j.state IN ('running', 'cancelling') AND ${OPENED_JOB}
         AND NOT EXISTS (SELECT 1 FROM import_results r WHERE r.job_id = j.id AND r.status = 'pending')`,
    ),
    sending: db.prepare(
      `SELECT job_id AS jobId, chunk, sent_at_ms AS sentAtMs FROM import_chunks
       WHERE state = 'sending' ORDER BY sent_at_ms, job_id, chunk`,
    ),
    freeRows: db.prepare(
      `SELECT row, fields FROM ${PENDING_BY_ROW}
       WHERE job_id = ? AND status = 'pending' AND chunk IS NULL ORDER BY row LIMIT ?`,
    ),
    nextChunk: db.prepare('SELECT COALESCE(MAX(chunk), 0) + 1 AS n FROM import_chunks WHERE job_id = ?'),
    markRows: db.prepare(
      `UPDATE import_results SET chunk = ?
       WHERE job_id = ? AND status = 'pending' AND chunk IS NULL AND row BETWEEN ? AND ?`,
    ),
    insertChunk: db.prepare(
      `INSERT INTO import_chunks (job_id, chunk, state, rows, sent_at_ms) VALUES (?, ?, 'sending', ?, ?)`,
    ),
    chunkRows: db.prepare(
      `SELECT row, fields FROM import_results
       WHERE job_id = ? AND chunk = ? AND status = 'pending' ORDER BY row`,
    ),
    answerRow: db.prepare(
      `UPDATE import_results SET status = ?, lead_id = ?, reason_code = ?, reason_message = ?
       WHERE job_id = ? AND row = ? AND chunk = ? AND status = 'pending'`,
    ),
    releaseRow: db.prepare(
      `UPDATE import_results SET chunk = NULL
       WHERE job_id = ? AND row = ? AND chunk = ? AND status = 'pending'`,
    ),
    releaseChunkRows: db.prepare(
      `UPDATE import_results SET chunk = NULL WHERE job_id = ? AND chunk = ? AND status = 'pending'`,
    ),
    deleteChunk: db.prepare(`DELETE FROM import_chunks WHERE job_id = ? AND chunk = ? AND state = 'sending'`),
    countAnswers: db.prepare(
      `UPDATE import_jobs SET sent = sent + ?, created = created + ?, updated = updated + ?,
         written = written + ?, skipped = skipped + ?, failed = failed + ?,
         first_answer_at_ms = COALESCE(first_answer_at_ms, ?)
       WHERE id = ?`,
    ),
    chunkDone: db.prepare(
      `UPDATE import_chunks SET state = 'done', rows = ?, answered_at_ms = ?, request_ids = ?
       WHERE job_id = ? AND chunk = ?`,
    ),
    cancelFreeRows: db.prepare(
      `UPDATE ${PENDING_BY_ROW} SET status = 'cancelled', reason_code = ?, reason_message = ?
       WHERE job_id = ? AND status = 'pending' AND chunk IS NULL`,
    ),
    countCancelled: db.prepare('UPDATE import_jobs SET cancelled = cancelled + ? WHERE id = ?'),
    pause: db.prepare(
      `UPDATE import_jobs SET paused_until_ms = ?, message = ? WHERE id = ? AND state = 'running'`,
    ),
    resume: db.prepare(
      `UPDATE import_jobs SET paused_until_ms = NULL, message = NULL
       WHERE id = ? AND (paused_until_ms IS NOT NULL OR message IS NOT NULL) AND state = 'running'`,
    ),
    fail: db.prepare(
      `UPDATE import_jobs SET state = 'failed', message = ?, paused_until_ms = NULL, finished_at_ms = ?
       WHERE id = ? AND state = 'running'`,
    ),
    message: db.prepare('SELECT message FROM import_jobs WHERE id = ?'),
    finish: db.prepare(
      `UPDATE import_jobs AS j
       SET state = CASE state WHEN 'cancelling' THEN 'cancelled' ELSE 'completed' END,
           finished_at_ms = COALESCE(finished_at_ms, ?), paused_until_ms = NULL, message = NULL
       WHERE id = ? AND state IN ('running', 'cancelling') AND ${OPENED_JOB}
         AND NOT EXISTS (SELECT 1 FROM import_results r WHERE r.job_id = ? AND r.status = 'pending')`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
