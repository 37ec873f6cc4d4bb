// Undoing a single move from its Activity entry (issue 14: "a move or bulk move can be undone from its Activity
// entry"): a bulk-move undo job of its own, made from the leads the entry says were moved, each with the partition
// it came from. It runs as any undo does (undo.ts): every chunk reads its leads first and moves back only those
// still in the partition the move put them in; a lead moved since is listed and left where it is.
import { isGranted, requireRole, seesAllPartitions } from '../auth/access';
import { ApiError, notFound } from '../http/api-error';
import type { MarketoPartition } from '../marketo/types';
import type { ConsoleDb } from '../store/kysely';
import { moveEntry, type MoveEntry } from '../store/move-entries';
import type { MovesRepo, NewMoveRow } from '../store/moves-repo';
import type { UserRecord } from '../store/users-repo';
import { storeJob } from './job-create';
import { UNDO_WINDOW_MS } from './job-view';

const ENTRY_NOT_FOUND = 'No single move with this id in your Activity.';

export interface EntryUndo {
  /** Until when the entry may be undone; null when it cannot (any more). */
  undoUntil: string | null;
  /** The job undoing it, once there is one. */
  undoneBy: string | null;
}

/** The leads an entry moved, each with where it came from and where the move put it. */
function movedLeads(entry: MoveEntry) {
  return entry.leads.flatMap((lead) =>
    lead.status === 'updated' && lead.leadId !== undefined && lead.from && lead.to && lead.from !== lead.to
      ? [{ leadId: lead.leadId, from: lead.from, to: lead.to }]
      : [],
  );
}

/**
 * The entry of a single move `user` may read: every partition it names is theirs. A bulk move's chunk, or an
 * entry out of reach, reads as not found.
 */
async function readableEntry(
  db: ConsoleDb,
  user: UserRecord,
  entryId: number,
  partitions: readonly MarketoPartition[],
): Promise<MoveEntry> {
  const entry = await moveEntry(db, entryId);
  if (!entry || entry.action !== 'lead.move' || entry.importJobId !== null) throw notFound(ENTRY_NOT_FOUND);
  const granted = (name: string) => {
    const partition = partitions.find((candidate) => candidate.name === name);
    return partition !== undefined && isGranted(user, partition.id);
  };
  if (!seesAllPartitions(user) && !entry.partitions.every(granted)) throw notFound(ENTRY_NOT_FOUND);
  return entry;
}

export async function entryUndo(
  db: ConsoleDb,
  repo: MovesRepo,
  user: UserRecord,
  entryId: number,
  partitions: readonly MarketoPartition[],
  nowMs: number,
): Promise<EntryUndo> {
  const entry = await readableEntry(db, user, entryId, partitions);
  const undoneBy = await repo.entryUndoneBy(entry.id);
  const deadline = entry.atMs + UNDO_WINDOW_MS;
  const open = undoneBy === null && deadline > nowMs && movedLeads(entry).length > 0;
  return { undoUntil: open ? new Date(deadline).toISOString() : null, undoneBy };
}

/** Starts the undo of a single move's entry for its mover or an admin; answers the undo job's id. */
export async function undoEntry(
  db: ConsoleDb,
  repo: MovesRepo,
  user: UserRecord,
  entryId: number,
  partitions: readonly MarketoPartition[],
  nowMs: number,
): Promise<string> {
  const entry = await readableEntry(db, user, entryId, partitions);
  requireRole(user, 'editor');
  if (user.role !== 'admin' && entry.userId !== user.id) {
    throw new ApiError(403, 'forbidden', 'Only the user who made this move, or an admin, can undo it.');
  }
  const { undoUntil, undoneBy } = await entryUndo(db, repo, user, entryId, partitions, nowMs);
  if (undoneBy !== null) throw alreadyUndoing();
  if (undoUntil === null) {
    throw new ApiError(
      409,
      'bad_request',
      'This move cannot be undone: it moved no lead, or is older than 30 days.',
      { said: { reason: 'move_undo_entry_closed' } },
    );
  }
  const rows: NewMoveRow[] = [];
  for (const lead of movedLeads(entry)) {
    const placed = partitions.find((partition) => partition.name === lead.to);
    if (!placed) continue;
    rows.push({
      row: rows.length + 1,
      value: String(lead.leadId),
      status: 'pending',
      leadId: lead.leadId,
      fromPartitionId: placed.id,
      toName: lead.from,
    });
  }
  if (rows.length === 0) {
    throw new ApiError(409, 'bad_request', 'This move cannot be undone: its partitions no longer exist.', {
      said: { reason: 'move_undo_partitions_gone' },
    });
  }
  const target = movedLeads(entry)[0]!.to;
  try {
    return await storeJob(
      repo,
      { user, target, kind: 'id', undoOf: null, undoOfEntry: entry.id, nowMs },
      rows,
    );
  } catch (error) {
    // Two undos at once: the unique index lets one through.
    if (await repo.entryUndoneBy(entry.id)) throw alreadyUndoing();
    throw error;
  }
}

function alreadyUndoing(): ApiError {
  return new ApiError(409, 'bad_request', 'This move is already being undone.', {
    said: { reason: 'move_undo_running' },
  });
}
