// A stored bulk move as the API shows it: counts per row status, ready rows per source partition, and whether
// (and until when) it may be undone.
import { MOVE_UNDO_DAYS, type MoveJob } from '../contract/moves';
import type { MarketoPartition } from '../marketo/types';
import type { MoveJobRecord, MovesRepo } from '../store/moves-repo';
import { jobMessageFields } from '../imports/job-messages';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const UNDO_WINDOW_MS = MOVE_UNDO_DAYS * 24 * 60 * 60 * 1000;

/** Whether `job` undoes a bulk move or a single move's Activity entry. */
export const isUndo = (job: MoveJobRecord): boolean => job.undoOf !== null || job.undoOfEntry !== null;

/** Until when `job` may be undone, or null: only a finished move (not an undo) that moved a lead, once. */
export function undoDeadline(job: MoveJobRecord, undoneBy: string | null, moved: number): number | null {
  const finished = job.state === 'completed' || job.state === 'cancelled' || job.state === 'failed';
  if (!finished || isUndo(job) || undoneBy !== null || moved === 0 || job.finishedAtMs === null) return null;
  return job.finishedAtMs + UNDO_WINDOW_MS;
}

export async function toMoveJob(
  repo: MovesRepo,
  job: MoveJobRecord,
  partitions: readonly MarketoPartition[],
  nowMs: number,
): Promise<MoveJob> {
  const counts = await repo.counts(job.id);
  const undoneBy = await repo.undoneBy(job.id);
  const deadline = undoDeadline(job, undoneBy, counts.moved ?? 0);
  const bySource = (await repo.bySource(job.id)).flatMap(({ partitionId, count }) => {
    const partition = partitions.find((candidate) => candidate.id === partitionId);
    return partition ? [{ partition: partition.name, count }] : [];
  });
  return {
    id: job.id,
    state: job.state,
    target: job.target,
    kind: job.kind,
    user: { id: job.userId, email: job.userEmail },
    message: job.message,
    ...jobMessageFields(job.message),
    createdAt: iso(job.createdAtMs)!,
    startedAt: iso(job.startedAtMs),
    finishedAt: iso(job.finishedAtMs),
    total: job.total,
    counts,
    bySource,
    undoOf: job.undoOf,
    undoOfEntry: job.undoOfEntry,
    undoneBy,
    undoUntil: deadline !== null && deadline > nowMs ? iso(deadline) : null,
  };
}
