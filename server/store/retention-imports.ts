// Deleting expired import jobs: a finished job's results and chunks a page per transaction, then the job, then
// its file once no job uses it. A running or cancelling job is never touched: only finished states are terminal.
import { sql } from 'kysely';
import type { ConsoleDb } from './kysely';
import { executor, inTransaction } from './transaction';

const FINISHED_STATES = ['completed', 'cancelled', 'failed'];

/**
 * Jobs whose results are being deleted a page at a time in this process: such a job is already gone for anyone
 * who asks (`ImportsRepo.job`), so no page or download reads it half-deleted.
 */
export const jobsBeingDeleted = new Set<string>();

/** Finished jobs that finished before `cutoffMs`, oldest first, with their files. */
export async function expiredJobs(
  consoleDb: ConsoleDb,
  cutoffMs: number,
): Promise<{ id: string; fileId: string }[]> {
  return executor(consoleDb)
    .selectFrom('import_jobs')
    .select(['id', 'file_id as fileId'])
    .where('state', 'in', FINISHED_STATES)
    .where('finished_at_ms', '<', cutoffMs)
    .orderBy('finished_at_ms')
    .orderBy('id')
    .execute();
}

/**
 * Removes up to `limit` results (then chunks) of a finished job, and the job itself once none is left, in one
 * transaction. Answers how many rows it removed: 0 once the job is gone (or if it is not finished).
 */
export function deleteJobPage(consoleDb: ConsoleDb, jobId: string, limit: number): Promise<number> {
  return inTransaction(consoleDb, async () => {
    const db = executor(consoleDb);
    const finished = await db
      .selectFrom('import_jobs')
      .select('id')
      .where('id', '=', jobId)
      .where('state', 'in', FINISHED_STATES)
      .executeTakeFirst();
    if (!finished) return 0;
    const results = await sql`
      DELETE FROM import_results
      WHERE job_id = ${jobId}
        AND row IN (SELECT row FROM import_results WHERE job_id = ${jobId} ORDER BY row LIMIT ${limit})`.execute(
      db,
    );
    if (Number(results.numAffectedRows ?? 0) > 0) return Number(results.numAffectedRows);
    const chunks = await sql`
      DELETE FROM import_chunks
      WHERE job_id = ${jobId}
        AND chunk IN (SELECT chunk FROM import_chunks WHERE job_id = ${jobId} ORDER BY chunk LIMIT ${limit})`.execute(
      db,
    );
    if (Number(chunks.numAffectedRows ?? 0) > 0) return Number(chunks.numAffectedRows);
    // A bulk-path job has a few batches, never many: one statement.
    await db.deleteFrom('import_bulk_batches').where('job_id', '=', jobId).execute();
    await db.deleteFrom('import_jobs').where('id', '=', jobId).execute();
    return 0;
  });
}
