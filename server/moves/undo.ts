// Undoing a bulk move: a job of its own that moves each lead the move moved back to where it came from. It runs
// like any move, except that every chunk reads its leads first and moves only those still in the partition the
// move put them in; a lead moved since is listed (`skipped`, MOVED_SINCE) and left where it is.
import { ApiError } from '../http/api-error';
import { partitionName } from '../leads/written-partitions';
import type { MarketoPartition } from '../marketo/types';
import { MOVE_PAGE_ROWS, type MoveJobRecord, type MovesRepo, type NewMoveRow } from '../store/moves-repo';
import type { UserRecord } from '../store/users-repo';
import { storeJob } from './job-create';
import { undoDeadline } from './job-view';

/** Starts the undo of `job` for `user`; a 409 when it cannot be undone (any more). */
export async function undoMove(
  repo: MovesRepo,
  job: MoveJobRecord,
  user: UserRecord,
  partitions: readonly MarketoPartition[],
  nowMs: number,
): Promise<string> {
  const counts = await repo.counts(job.id);
  const deadline = undoDeadline(job, await repo.undoneBy(job.id), counts.moved ?? 0);
  if (deadline === null || deadline <= nowMs) {
    throw new ApiError(
      409,
      'bad_request',
      'This move cannot be undone: it is not finished, was undone, or is older than 30 days.',
      { said: { reason: 'move_undo_closed' } },
    );
  }
  const target = partitions.find((partition) => partition.name === job.target);
  const rows: NewMoveRow[] = [];
  for (let after = 0; ;) {
    const page = await repo.rowsAfter(job.id, after, MOVE_PAGE_ROWS);
    if (page.length === 0) break;
    after = page.at(-1)!.row;
    for (const row of page) {
      if (row.status !== 'moved' || row.leadId === null || row.fromPartitionId === null || !target) continue;
      rows.push({
        row: rows.length + 1,
        value: String(row.leadId),
        status: 'pending',
        leadId: row.leadId,
        fromPartitionId: target.id,
        toName: partitionName(partitions, row.fromPartitionId),
      });
    }
  }
  try {
    return await storeJob(repo, { user, target: job.target, kind: 'id', undoOf: job.id, nowMs }, rows);
  } catch (error) {
    // Two undos at once: the unique index lets one through.
    if (await repo.undoneBy(job.id))
      throw new ApiError(409, 'bad_request', 'This move is already being undone.', {
        said: { reason: 'move_undo_running' },
      });
    throw error;
  }
}
