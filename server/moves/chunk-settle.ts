// A move chunk recorded `sending` whose answer was never stored (a crash, or a call that may have run) is settled
// by reading its leads back, never by sending it again: a lead in its target was moved; one still in its source
// was not, and goes back to pending for a later chunk; one anywhere else was moved by someone else meanwhile.
import { isGranted, partitionIdOf } from '../auth/access';
import type { MarketoApi } from '../marketo/types';
import type { MoveAnswer, MoveJobRecord } from '../store/moves-repo';
import { recordMoveChunk, type MoveStoreDeps } from './chunk-record';
import type { MoveOwner } from './owner-check';
import { LEAD_NOT_FOUND, MOVED_SINCE } from './reasons';

/** Settles `chunk` of `job` by lookup; answers how many rows were found moved and how many go again. */
export async function settleMoveChunk(
  deps: MoveStoreDeps & { background: MarketoApi },
  job: MoveJobRecord,
  owner: MoveOwner,
  chunk: number,
): Promise<{ moved: number; again: number }> {
  const rows = await deps.repo.chunkRows(job.id, chunk);
  const found =
    rows.length === 0
      ? []
      : await deps.background.getLeadsByFilter(
          'id',
          rows.map((row) => String(row.leadId)),
          ['leadPartitionId'],
        );
  const now = new Map(found.map((lead) => [lead.id, partitionIdOf(lead.leadPartitionId)]));
  const answers: MoveAnswer[] = [];
  const release: number[] = [];
  const hidden = new Set<number>();
  for (const row of rows) {
    const partitionId = now.get(row.leadId!);
    const to = owner.partitions.find((partition) => partition.name === row.toName)?.id;
    if (partitionId !== undefined && partitionId === to) answers.push({ row: row.row, status: 'moved' });
    else if (partitionId !== undefined && partitionId === row.fromPartitionId) release.push(row.row);
    else if (partitionId === undefined || !isGranted(owner.user, partitionId)) {
      hidden.add(row.row);
      answers.push({ row: row.row, status: 'skipped', reason: LEAD_NOT_FOUND });
    } else answers.push({ row: row.row, status: 'skipped', reason: MOVED_SINCE });
  }
  const moved = answers.filter((answer) => answer.status === 'moved').length;
  await recordMoveChunk(deps, job, chunk, rows, owner.partitions, {
    answers,
    release,
    requestIds: [],
    hidden,
    note: ` (confirmed by lookup; ${release.length} not moved and queued again)`,
  });
  return { moved, again: release.length };
}
