// Storing a move chunk's answer, however it was learnt (Marketo's reply, or a read-back after the reply was lost):
// every row's status, the chunk `done`, and the chunk's audit entry (action `lead.move`, carrying the job's id, with
// each lead's source and target) in one transaction, so a crash leaves the chunk either `sending` or answered.
import { activitySummary } from '../audit/summary-codes';
import type { AccessDeps } from '../auth/access-deps';
import { overallOutcome } from '../audit/outcome';
import type { MarketoPartition } from '../marketo/types';
import { partitionName } from '../leads/written-partitions';
import type { MoveAnswer, MoveJobRecord, MoveRowRecord, MovesRepo } from '../store/moves-repo';

export interface MoveStoreDeps {
  repo: MovesRepo;
  access: AccessDeps;
  now: () => number;
}

/** A chunk's outcome: answered rows, rows back to pending, Marketo's requestIds, and words for the summary. */
export interface MoveChunkAnswer {
  answers: readonly MoveAnswer[];
  release?: readonly number[];
  requestIds: readonly string[];
  /** Rows out of reach: recorded without lead id or partitions. */
  hidden?: ReadonlySet<number>;
  note?: string;
}

const AUDIT_STATUS = { moved: 'updated', skipped: 'skipped', failed: 'failed' } as const;

export async function recordMoveChunk(
  deps: MoveStoreDeps,
  job: MoveJobRecord,
  chunk: number,
  rows: readonly MoveRowRecord[],
  partitions: readonly MarketoPartition[],
  answer: MoveChunkAnswer,
): Promise<void> {
  const { answers, release = [], requestIds, hidden = new Set<number>(), note = '' } = answer;
  const byRow = new Map(rows.map((row) => [row.row, row]));
  const count = { moved: 0, skipped: 0, failed: 0 };
  for (const row of answers) count[row.status] += 1;
  const leads = answers.map((row) => {
    const record = byRow.get(row.row);
    const shown = record && !hidden.has(row.row);
    return {
      index: row.row,
      ...(shown && record.leadId !== null ? { leadId: record.leadId } : {}),
      status: AUDIT_STATUS[row.status],
      ...(row.reason ? { reason: `${row.reason.code} ${row.reason.message}` } : {}),
      ...(shown && record.fromPartitionId !== null
        ? { from: partitionName(partitions, record.fromPartitionId) }
        : {}),
      ...(shown && record.toName !== null ? { to: record.toName } : {}),
    };
  });
  const names = new Set<string>([job.target]);
  for (const lead of leads) {
    if (lead.from !== undefined) names.add(lead.from);
    if (lead.to !== undefined) names.add(lead.to);
  }
  const counted = { chunk, moved: count.moved, skipped: count.skipped, failed: count.failed };
  const summary =
    job.undoOf !== null
      ? activitySummary('move_undo_chunk', { ...counted, move: job.undoOf })
      : job.undoOfEntry !== null
        ? activitySummary('entry_undo_chunk', { ...counted, entry: job.undoOfEntry })
        : activitySummary('move_chunk', { ...counted, target: job.target });
  const nowMs = deps.now();
  await deps.repo.transaction(async () => {
    await deps.repo.resume(job.id);
    await deps.repo.storeAnswers(job.id, chunk, answers, release, requestIds, nowMs);
    await deps.access.audit.append({
      user: { id: job.userId, email: job.userEmail },
      action: 'lead.move',
      importJobId: job.id,
      partitions: [...names],
      leadIds: leads.flatMap((lead) => (lead.leadId === undefined ? [] : [lead.leadId])),
      outcome: overallOutcome(leads.map((lead) => lead.status)),
      leads,
      requestIds: [...requestIds],
      summary: summary + note,
    });
  });
}
