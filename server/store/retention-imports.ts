// Deleting expired import jobs: a finished job's results and chunks a page per transaction, then the job, then
// its file once no job uses it. A running or cancelling job is never touched: only finished states are terminal.
import type { SqliteDb } from './database';

const FINISHED_STATES = "('completed', 'cancelled', 'failed')";

/**
 * Jobs whose results are being deleted a page at a time in this process: such a job is already gone for anyone
 * who asks (`ImportsRepo.job`), so no page or download reads it half-deleted.
 */
export const jobsBeingDeleted = new Set<string>();

/** Finished jobs that finished before `cutoffMs`, oldest first, with their files. */
export function expiredJobs(db: SqliteDb, cutoffMs: number): { id: string; fileId: string }[] {
  return db
    .prepare(
      `SELECT id, file_id AS fileId FROM import_jobs
       WHERE state IN ${FINISHED_STATES} AND finished_at_ms < ? ORDER BY finished_at_ms, id`,
    )
    .all(cutoffMs) as { id: string; fileId: string }[];
}

/**
 * Removes up to `limit` results (then chunks) of a finished job, and the job itself once none is left, in one
 * transaction. Answers how many rows it removed: 0 once the job is gone (or if it is not finished).
 */
export function deleteJobPage(db: SqliteDb, jobId: string, limit: number): number {
  return db.transaction(() => {
    const finished = db
      .prepare(`SELECT 1 FROM import_jobs WHERE id = ? AND state IN ${FINISHED_STATES}`)
      .get(jobId);
    if (!finished) return 0;
    const results = db
      .prepare(
        `DELETE FROM import_results
         WHERE job_id = ? AND row IN (SELECT row FROM import_results WHERE job_id = ? ORDER BY row LIMIT ?)`,
      )
      .run(jobId, jobId, limit).changes;
    if (results > 0) return results;
    const chunks = db
      .prepare(
        `DELETE FROM import_chunks
         WHERE job_id = ? AND chunk IN (SELECT chunk FROM import_chunks WHERE job_id = ? ORDER BY chunk LIMIT ?)`,
      )
      .run(jobId, jobId, limit).changes;
    if (chunks > 0) return chunks;
    db.prepare('DELETE FROM import_jobs WHERE id = ?').run(jobId);
    return 0;
  })();
}
