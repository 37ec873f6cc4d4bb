// Sending one claimed move chunk: each lead's source and target checked against the owner's grants, its place
// read back first where the preview's word is not enough (an undo, or an owner with limited grants), then one
// Update Lead Partition call in the background lane, and the answer stored with its audit entry.
import { isGranted, partitionIdOf, seesAllPartitions } from '../auth/access';
import type { Reason } from '../contract/leads';
import { withoutPartitionNames } from '../leads/write-reasons';
import type { MarketoApi, PartitionMoveOutcome, TracedOutcomes } from '../marketo/types';
import type { MoveAnswer, MoveJobRecord, MoveRowRecord } from '../store/moves-repo';
import { recordMoveChunk, type MoveStoreDeps } from './chunk-record';
import { isUndo } from './job-view';
import type { MoveOwner } from './owner-check';
import { LEAD_NOT_FOUND, MOVED_SINCE, NO_ANSWER } from './reasons';

export type MoveChunkSent =
  { kind: 'answered' } | { kind: 'check-failed'; error: unknown } | { kind: 'call-failed'; error: unknown };

/** Whether each lead's place must be read right before the move, rather than trusted from the preview. */
export function readsBack(job: MoveJobRecord, owner: MoveOwner): boolean {
  return isUndo(job) || !seesAllPartitions(owner.user);
}

export async function sendMoveChunk(
  deps: MoveStoreDeps & { background: MarketoApi },
  job: MoveJobRecord,
  owner: MoveOwner,
  chunk: number,
  rows: readonly MoveRowRecord[],
): Promise<MoveChunkSent> {
  const held = new Map<number, Reason>();
  const hidden = new Set<number>();
  const outOfReach = (row: MoveRowRecord) => {
    held.set(row.row, LEAD_NOT_FOUND);
    hidden.add(row.row);
  };
  const toId = (row: MoveRowRecord) => owner.partitions.find((p) => p.name === row.toName)?.id;
  for (const row of rows) {
    const to = toId(row);
    if (row.fromPartitionId === null || !isGranted(owner.user, row.fromPartitionId)) outOfReach(row);
    else if (to === undefined || !isGranted(owner.user, to)) outOfReach(row);
  }
  if (readsBack(job, owner)) {
    const ids = rows.filter((row) => !held.has(row.row)).map((row) => String(row.leadId));
    let found;
    try {
      found = ids.length === 0 ? [] : await deps.background.getLeadsByFilter('id', ids, ['leadPartitionId']);
    } catch (error) {
      return { kind: 'check-failed', error };
    }
    const now = new Map(found.map((lead) => [lead.id, partitionIdOf(lead.leadPartitionId)]));
    for (const row of rows) {
      if (held.has(row.row)) continue;
      const partitionId = now.get(row.leadId!);
      if (partitionId === undefined || !isGranted(owner.user, partitionId)) outOfReach(row);
      else if (partitionId !== row.fromPartitionId) held.set(row.row, MOVED_SINCE);
    }
  }
  const sending = rows.filter((row) => !held.has(row.row));
  let traced: TracedOutcomes<PartitionMoveOutcome>;
  try {
    traced =
      sending.length === 0
        ? { outcomes: [], requestIds: [] }
        : await deps.background.updateLeadPartitionTraced(
            sending.map((row) => ({ id: row.leadId!, partitionName: row.toName! })),
          );
  } catch (error) {
    return { kind: 'call-failed', error };
  }
  const outcomes = new Map(sending.map((row, index) => [row.row, traced.outcomes[index]]));
  const answers = rows.map((row): MoveAnswer => {
    const reason = held.get(row.row);
    if (reason) return { row: row.row, status: 'skipped', reason };
    const outcome = outcomes.get(row.row);
    if (!outcome) return { row: row.row, status: 'failed', reason: NO_ANSWER };
    if (outcome.status === 'updated') return { row: row.row, status: 'moved' };
    // Marketo's partition codes name a partition; the owner may be granted neither the lead's nor the one named.
    const reasons = seesAllPartitions(owner.user)
      ? outcome.reasons
      : withoutPartitionNames(outcome.reasons, LEAD_NOT_FOUND);
    return { row: row.row, status: outcome.status, reason: reasons?.[0] ?? NO_ANSWER };
  });
  await recordMoveChunk(deps, job, chunk, rows, owner.partitions, {
    answers,
    requestIds: traced.requestIds,
    hidden,
  });
  return { kind: 'answered' };
}
