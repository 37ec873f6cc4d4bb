// Storing a chunk's answer, however it was learnt (Marketo's reply, or a lookup after the reply was lost): every
// change lands in one transaction, so a crash leaves the chunk either `sending` or fully answered.
import { activitySummary } from '../audit/summary-codes';
import type { AccessDeps } from '../auth/access-deps';
import { auditReason, overallOutcome } from '../audit/outcome';
import type { ImportRunsRepo, RowAnswer, RunJob } from '../store/import-runs-repo';

export interface ChunkStoreDeps {
  repo: ImportRunsRepo;
  access: AccessDeps;
  now: () => number;
}

/** What to store for one chunk. */
export interface ChunkAnswer {
  answers: readonly RowAnswer[];
  /** Rows never written: back to `pending`, for a later chunk. */
  release?: readonly number[];
  requestIds: readonly string[];
  /** Rows known to have reached Marketo (the job's `sent` counter). */
  sentRows: number;
  /** Where the touched leads live, for the audit's readers; the job's partition when left out. */
  partitions?: readonly string[];
  /** Appended to the audit summary. */
  note?: string;
}

/**
 * Stores a chunk's answer in one transaction: each row's status, lead id and reason, the released rows back to
 * `pending`, the job's counters, the chunk `done`, the audit entry, and the job closed if nothing is pending.
 */
export async function recordChunkAnswer(
  deps: ChunkStoreDeps,
  job: RunJob,
  chunk: number,
  answer: ChunkAnswer,
): Promise<void> {
  const { answers, release = [], requestIds, sentRows, partitions = [job.partitionName], note = '' } = answer;
  const count = { created: 0, updated: 0, written: 0, skipped: 0, failed: 0 };
  for (const row of answers) count[row.status] += 1;
  const leadIds = answers.flatMap((row) => (row.leadId === undefined ? [] : [row.leadId]));
  const nowMs = deps.now();
  await deps.repo.transaction(async () => {
    await deps.repo.storeAnswers(job.id, chunk, answers, release, nowMs, requestIds, sentRows);
    await deps.access.audit.append({
      user: { id: job.userId, email: job.userEmail },
      action: 'import',
      importJobId: job.id,
      partitions: [...new Set(partitions)],
      leadIds: [...new Set(leadIds)],
      outcome: overallOutcome(answers.map((row) => row.status)),
      leads: answers.map((row) => ({
        index: row.row,
        ...(row.leadId === undefined ? {} : { leadId: row.leadId }),
        status: row.status,
        ...auditReason(row.reason ? [row.reason] : undefined),
      })),
      requestIds: [...requestIds],
      summary:
        activitySummary(count.written > 0 ? 'import_chunk_unsure' : 'import_chunk', {
          file: job.fileName,
          chunk,
          created: count.created,
          updated: count.updated,
          written: count.written,
          skipped: count.skipped,
          failed: count.failed,
        }) + note,
    });
    await deps.repo.finishIfDone(job.id, nowMs);
  });
}
