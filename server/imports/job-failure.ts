// Stopping an import job for good after Marketo refused it outright or its owner lost access: the rows that will
// never be sent are handed back, and the audit trail says so, in one transaction.
import type { RunJob } from '../store/import-runs-repo';
import type { ChunkStoreDeps } from './chunk-answer';

/** Fails `job` with `message`; a job its user is already cancelling ends `cancelled` instead, as asked. */
export async function failJob(
  deps: ChunkStoreDeps,
  job: RunJob,
  message: string,
  requestIds: readonly string[],
): Promise<void> {
  const { repo, access, now } = deps;
  await repo.transaction(async () => {
    const failed = await repo.fail(job.id, message, now());
    if (!failed) {
      // Already being cancelled by its user: the cancel (paged, or done above when no cancel is under way) takes
      // the rows handed back, and the job ends `cancelled` as asked, not `failed`.
      await repo.finishIfDone(job.id, now());
      return;
    }
    await access.audit.append({
      user: { id: job.userId, email: job.userEmail },
      action: 'import',
      importJobId: job.id,
      partitions: [job.partitionName],
      leadIds: [],
      outcome: 'failure',
      leads: [],
      requestIds: [...requestIds],
      summary:
        `Import "${job.fileName}" failed: ${failed.cancelledRows} rows will not be sent ` +
        `(into ${job.partitionName}). ${message}`,
    });
  });
}
