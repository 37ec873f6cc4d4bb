// Deleting expired bulk moves (IMPORT_RETENTION_DAYS, as imports): a finished job's rows and chunks a page per
// transaction, then the job. Newest first, so an undo goes before the move it undoes (it references it); a move
// whose undo is kept (running, or not yet expired) is kept with it. Their audit entries are the trail's: they stay.
import { sql } from 'kysely';
import type { ConsoleDb } from './kysely';
import { executor, inTransaction } from './transaction';

const FINISHED = sql`('completed', 'cancelled', 'failed')`;

/** Finished moves that finished before `cutoffMs` and have no undo that stays, newest first. */
export async function expiredMoveJobs(consoleDb: ConsoleDb, cutoffMs: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`SELECT j.id FROM move_jobs j
    WHERE j.state IN ${FINISHED} AND j.finished_at_ms < ${cutoffMs}
      AND NOT EXISTS (SELECT 1 FROM move_jobs u WHERE u.undo_of = j.id
        AND NOT (u.state IN ${FINISHED} AND u.finished_at_ms < ${cutoffMs}))
    ORDER BY j.finished_at_ms DESC, j.id`.execute(executor(consoleDb));
  return rows.map((row) => row.id);
}

/**
 * Removes up to `limit` rows (then chunks) of a finished move, and the job itself once none is left, in one
 * transaction. Answers how many rows it removed, 0 when it removed the job, or `kept` when the job must stay (not
 * finished, an undo made meanwhile references it) or is already gone.
 */
export function deleteMoveJobPage(
  consoleDb: ConsoleDb,
  jobId: string,
  limit: number,
): Promise<number | 'kept'> {
  return inTransaction(consoleDb, async () => {
    const db = executor(consoleDb);
    const { rows: deletable } = await sql<{ id: string }>`SELECT id FROM move_jobs
      WHERE id = ${jobId} AND state IN ${FINISHED}
        AND NOT EXISTS (SELECT 1 FROM move_jobs u WHERE u.undo_of = ${jobId})`.execute(db);
    if (deletable.length === 0) return 'kept';
    const removedRows = await sql`DELETE FROM move_rows WHERE job_id = ${jobId}
      AND row IN (SELECT row FROM move_rows WHERE job_id = ${jobId} ORDER BY row LIMIT ${limit})`.execute(db);
    if (Number(removedRows.numAffectedRows ?? 0) > 0) return Number(removedRows.numAffectedRows);
    // A move has one chunk per 300 rows: its chunks go in one statement.
    await sql`DELETE FROM move_chunks WHERE job_id = ${jobId}`.execute(db);
    await sql`DELETE FROM move_jobs WHERE id = ${jobId}`.execute(db);
    return 0;
  });
}
