// A stored job as the browser sees it, with its pace: rows answered per second since the first chunk went out,
// and the time left at that pace.
import type { ImportBulkBatch, ImportJob } from '../contract/imports';
import type { ImportJobRecord } from '../store/import-job-records';
import { jobMessageFields } from './job-messages';

/** Rows not yet in a final state: every final status has its own counter. */
export function rowsLeft(job: ImportJobRecord): number {
  const { total, created, updated, written, skipped, failed, cancelled } = job.counts;
  return Math.max(0, total - created - updated - written - skipped - failed - cancelled);
}

function pace(
  job: ImportJobRecord,
  nowMs: number,
): { rowsPerSecond: number | null; secondsLeft: number | null } {
  if (job.firstAnswerAtMs === null || job.counts.sent === 0)
    return { rowsPerSecond: null, secondsLeft: null };
  const since = job.firstSentAtMs ?? job.firstAnswerAtMs;
  const seconds = Math.max(1, ((job.finishedAtMs ?? nowMs) - since) / 1000);
  const rowsPerSecond = Math.round((job.counts.sent / seconds) * 10) / 10;
  // Finished jobs have nothing left; a cancelling one only waits for its chunk in flight; a waiting one (its
  // message says why: the call budget, the daily quota, Marketo not answering) has no pace to go by.
  const secondsLeft =
    job.state === 'running' && job.message === null && rowsPerSecond > 0
      ? Math.ceil(rowsLeft(job) / (job.counts.sent / seconds))
      : null;
  return { rowsPerSecond, secondsLeft };
}

/** `bulkBatches`: the job's files and Marketo's state of each (bulk path), shown on the job's own page. */
export function toImportJob(job: ImportJobRecord, nowMs: number, bulkBatches?: ImportBulkBatch[]): ImportJob {
  return {
    id: job.id,
    fileName: job.fileName,
    partitionName: job.partitionName,
    action: job.action,
    lookupField: job.lookupField,
    user: job.user,
    state: job.state,
    createdAt: new Date(job.createdAtMs).toISOString(),
    finishedAt: job.finishedAtMs === null ? null : new Date(job.finishedAtMs).toISOString(),
    counts: job.counts,
    ...pace(job, nowMs),
    message: job.message,
    ...jobMessageFields(job.message),
    path: job.path,
    ...(bulkBatches === undefined
      ? {}
      : { bulkBatches: bulkBatches.map((batch) => ({ ...batch, ...jobMessageFields(batch.message) })) }),
  };
}
