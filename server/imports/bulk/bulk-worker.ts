// The bulk path's share of the runner's loop (README.md here): uploading a job's next file, asking Marketo about
// the batches it is processing, and storing a finished batch's results. Exactly once: a batch and its rows are
// recorded `uploading` (with a pending audit entry) before the upload; a refusal Marketo gave before taking the
// file puts the rows back; an upload whose answer never came is never sent again, its rows held (`unknown`).
import type { FastifyBaseLogger } from 'fastify';
import type { AccessDeps } from '../../auth/access-deps';
import { seesAllPartitions } from '../../auth/access';
import { overallOutcome, requestIdOf } from '../../audit/outcome';
import type { BulkBatch, BulkImportApi } from '../../marketo/bulk-import';
import { MarketoApiError } from '../../marketo/errors';
import type { ImportBulkRepo, BulkBatchRecord } from '../../store/import-bulk-repo';
import type { ImportRunsRepo, RunJob } from '../../store/import-runs-repo';
import type { UserRecord } from '../../store/users-repo';
import { classify, type Backoff, type JobPauses } from '../runner-failures';
import { failJob } from '../job-failure';
import { activitySummary } from '../../audit/summary-codes';
import { jobMessage } from '../job-messages';
import { batchFailed, failedAndWarned } from './bulk-answers';
import { BulkFile } from './bulk-file';
import { BulkPollPlan } from './poll-plan';

export interface BulkWorkerDeps {
  repo: ImportRunsRepo;
  bulk: ImportBulkRepo;
  api: BulkImportApi;
  access: AccessDeps;
  now: () => number;
  log: FastifyBaseLogger;
  pauses: JobPauses;
  /** Who uploads (the replica's id): an `uploading` batch of another, dead, run is one whose answer was lost. */
  replicaId: string;
  /**
   * The wait between status calls for one batch: floor (and first backoff step) and ceiling, default 2 s and
   * 60 s; within them a batch is asked about when the job's pace says it is done (poll-plan.ts).
   */
  poll: Backoff;
  /** Largest file, in bytes (tests make it small to get several files). */
  maxFileBytes?: number;
  /**
   * How long a batch whose upload answer was lost is held before its rows are read back by lookup: long enough
   * for Marketo to have processed the file had it received it (default 1 hour).
   */
  lostGraceMs?: number;
}

export const DEFAULT_LOST_GRACE_MS = 60 * 60_000;

const SETTLED_BY_LOOKUP = jobMessage('bulk_settled_by_lookup');

export const DEFAULT_BULK_POLL: Backoff = { firstMs: 2_000, maxMs: 60_000 };

/** Marketo's answer when 10 batches are queued or importing on the instance. */
const TOO_MANY_IMPORTS = '1016';

const LOST_UPLOAD = jobMessage('bulk_upload_lost');

export class BulkWorker {
  /** Batches this process is uploading right now (`job#batch`). */
  private readonly inFlight = new Set<string>();
  private readonly plan: BulkPollPlan;

  constructor(private readonly deps: BulkWorkerDeps) {
    this.plan = new BulkPollPlan(deps.poll);
  }

  /**
   * Marks `uploading` batches an earlier run left (its answer never stored) `unknown`; `isLive` says whether their
   * uploader may still be at it (another live replica). Answers how many.
   */
  async settleLostUploads(isLive: (replicaId: string) => boolean): Promise<number> {
    let lost = 0;
    for (const batch of await this.deps.bulk.openBatches()) {
      if (batch.state !== 'uploading' || this.inFlight.has(key(batch)) || isLive(batch.uploadedBy)) continue;
      await this.deps.bulk.markUnknown(batch.jobId, batch.batch, LOST_UPLOAD);
      lost += 1;
      this.deps.log.warn({ jobId: batch.jobId, batch: batch.batch }, 'bulk import upload without an answer');
    }
    return lost;
  }

  /**
   * Asks Marketo about one batch whose turn has come, storing its results once finished. Answers `0` after a call,
   * else how long until the next batch is due (undefined: none open).
   */
  async pollDue(): Promise<number | undefined> {
    const now = this.deps.now();
    const batches = await this.deps.bulk.openBatches();
    const grace = this.deps.lostGraceMs ?? DEFAULT_LOST_GRACE_MS;
    const lost = batches.find((batch) => batch.state === 'unknown' && batch.createdAtMs + grace <= now);
    if (lost) {
      await this.handToLookup(lost);
      return 0;
    }
    const open = batches.filter(
      (batch) => (batch.state === 'queued' || batch.state === 'importing') && batch.marketoBatchId !== null,
    );
    const due = open.find((batch) => (batch.nextPollAtMs ?? 0) <= now);
    if (!due) {
      const next = open.map((batch) => batch.nextPollAtMs ?? now);
      return next.length === 0 ? undefined : Math.max(1, Math.min(...next) - now);
    }
    await this.poll(due);
    return 0;
  }

  /** The runner settles the batch's rows by lookup, as a chunk whose answer was lost (server/imports/reconcile.ts). */
  private async handToLookup(batch: BulkBatchRecord): Promise<void> {
    const job = await this.deps.repo.job(batch.jobId);
    const handed = await this.deps.bulk.handToLookup(batch, this.deps.now(), SETTLED_BY_LOOKUP, async () => {
      if (batch.auditId === null) return;
      await this.deps.access.audit.complete(batch.auditId, {
        outcome: 'failure',
        summary:
          `Import "${job?.fileName ?? batch.jobId}" file ${batch.batch}: the upload got no answer; its rows are ` +
          'confirmed by lookup in the next entry of this import',
      });
    });
    if (handed)
      this.deps.log.warn({ jobId: batch.jobId, batch: batch.batch }, 'bulk import file settled by lookup');
  }

  /** Builds and uploads the next file of `job` on `owner`'s rights (checked by the runner just before). */
  async uploadNext(job: RunJob, owner: UserRecord): Promise<void> {
    if (!seesAllPartitions(owner)) {
      // Grants narrowed to some partitions since the start: Bulk Import cannot keep within them (path-choice.ts).
      await failJob(
        { repo: this.deps.repo, access: this.deps.access, now: this.deps.now },
        job,
        jobMessage('bulk_grants_narrowed', { who: owner.email }),
        [],
      );
      return;
    }
    const file = new BulkFile(await this.deps.bulk.mappedFields(job.id), this.deps.maxFileBytes);
    let after = 0;
    let full = false;
    while (!full) {
      const page = await this.deps.bulk.freeRows(job.id, after);
      if (page.length === 0) break;
      for (const row of page) {
        if (!file.add(row)) {
          full = true;
          break;
        }
        after = row.row;
      }
    }
    if (file.rows.length === 0) return;
    const batch = await this.deps.bulk.nextBatch(job.id);
    const record = { jobId: job.id, batch };
    this.inFlight.add(key(record));
    try {
      const claimed = await this.deps.bulk.claimBatch(
        { jobId: job.id, batch, rows: file.rows, bytes: file.bytes, uploadedBy: this.deps.replicaId },
        this.deps.now(),
        () =>
          this.deps.access.audit.begin({
            user: { id: job.userId, email: job.userEmail },
            action: 'import',
            importJobId: job.id,
            partitions: [job.partitionName],
            leadIds: [],
            leads: [],
            requestIds: [],
            summary: activitySummary('bulk_file_uploaded', {
              file: job.fileName,
              batch,
              rows: file.rows.length,
            }),
          }),
      );
      if (!claimed) return;
      let answer: BulkBatch;
      try {
        answer = await this.deps.api.importLeads({
          csv: file.toBuffer(),
          lookupField: job.lookupField,
          partitionName: job.partitionName,
        });
      } catch (error) {
        await this.uploadFailed(job, batch, error);
        return;
      }
      const firstLook = this.plan.uploaded(job.id, batch, file.rows.length, this.deps.now());
      await this.deps.bulk.uploaded(job.id, batch, answer.batchId, firstLook);
      await this.deps.repo.resume(job.id);
      this.deps.pauses.forget(job.id);
      this.deps.log.info(
        { jobId: job.id, batch, marketoBatchId: answer.batchId },
        'bulk import file uploaded',
      );
    } finally {
      this.inFlight.delete(key(record));
    }
  }

  private async uploadFailed(job: RunJob, batch: number, error: unknown): Promise<void> {
    const refusedWith = (why: string) => async (auditId: number) =>
      this.deps.access.audit.complete(auditId, {
        outcome: 'failure',
        summary: activitySummary('bulk_file_refused', { file: job.fileName, batch, why }),
        requestIds: optional(requestIdOf(error)),
      });
    if (error instanceof MarketoApiError && error.code === TOO_MANY_IMPORTS) {
      // Marketo's queue is full (10 files of the instance): wait for a place, never fail the import.
      await this.deps.bulk.withdraw(job.id, batch, refusedWith('1016 Too many imports'));
      const until = this.deps.now() + this.deps.poll.maxMs;
      await this.deps.repo.pause(job.id, until, jobMessage('bulk_queue_full', { until }));
      this.deps.log.info({ jobId: job.id, batch }, 'bulk import queue full (1016); waiting');
      return;
    }
    const failure = classify(error);
    switch (failure.kind) {
      case 'quota':
      case 'refused':
        await this.deps.bulk.withdraw(job.id, batch, refusedWith('refused before importing'));
        await this.deps.pauses.pauseAfter(job, failure);
        return;
      case 'rejected':
        await this.deps.bulk.withdraw(job.id, batch, refusedWith(failure.why));
        await failJob(
          { repo: this.deps.repo, access: this.deps.access, now: this.deps.now },
          job,
          jobMessage('marketo_refused_file', { why: failure.why }),
          optional(failure.requestId),
        );
        return;
      case 'maybe-ran':
        await this.deps.bulk.markUnknown(job.id, batch, LOST_UPLOAD);
        this.deps.log.warn(
          { jobId: job.id, batch },
          'bulk import upload without an answer; its rows are held',
        );
    }
  }

  private async poll(batch: BulkBatchRecord): Promise<void> {
    const marketoBatchId = batch.marketoBatchId!;
    let status: BulkBatch;
    const files = { failures: '', warnings: '' };
    try {
      status = await this.deps.api.batch(marketoBatchId);
      if (status.status === 'Complete') {
        // Only the files that have rows: a clean batch costs no more calls.
        if (status.failed > 0) files.failures = await this.deps.api.failures(marketoBatchId);
        if (status.warned > 0) files.warnings = await this.deps.api.warnings(marketoBatchId);
      }
    } catch (error) {
      const wait = this.backoff(batch.polls);
      await this.deps.bulk.deferPoll(batch.jobId, batch.batch, this.deps.now() + wait);
      this.deps.log.warn(
        { jobId: batch.jobId, batch: batch.batch, err: { name: (error as Error).name } },
        'bulk import status unavailable; asking again later',
      );
      return;
    }
    const done = status.status === 'Complete' || status.status === 'Failed';
    const answeredAt = this.deps.now();
    const paceChanged = this.plan.answered(
      batch.jobId,
      batch.batch,
      status.processed + status.failed,
      done,
      answeredAt,
    );
    if (paceChanged) await this.replan(batch);
    const progress = {
      marketoStatus: status.status,
      processed: status.processed,
      failed: status.failed,
      warned: status.warned,
      message: status.message,
    };
    if (!done) {
      await this.deps.bulk.progress(
        batch.jobId,
        batch.batch,
        progress,
        this.plan.nextLook(batch.jobId, batch.batch, batch.polls, answeredAt),
      );
      return;
    }
    await this.finish(batch, progress, files, status.requestId);
  }

  /** The job's pace changed: its files not yet asked about are due when it now says they are done. */
  private async replan(answered: BulkBatchRecord): Promise<void> {
    const now = this.deps.now();
    for (const other of await this.deps.bulk.openBatches()) {
      if (other.jobId !== answered.jobId || other.batch === answered.batch || other.polls > 0) continue;
      if (other.state !== 'queued' || other.marketoBatchId === null) continue;
      await this.deps.bulk.reschedule(
        other.jobId,
        other.batch,
        this.plan.firstLook(other.jobId, other.batch, now),
      );
    }
  }

  private async finish(
    batch: BulkBatchRecord,
    progress: Parameters<ImportBulkRepo['finish']>[3],
    files: { failures: string; warnings: string },
    requestId: string | undefined,
  ): Promise<void> {
    const job = await this.deps.repo.job(batch.jobId);
    if (!job) return;
    const rows = await this.deps.bulk.batchRows(batch.jobId, batch.batch);
    const answers =
      progress.marketoStatus === 'Failed'
        ? batchFailed(rows, progress.message)
        : failedAndWarned(rows, job.lookupField, files);
    const nowMs = this.deps.now();
    await this.deps.bulk.transaction(async () => {
      const stored = await this.deps.bulk.finish(batch.jobId, batch.batch, answers, progress, nowMs);
      if (!stored) return;
      const written = stored.written;
      const statuses = [
        ...answers.map((answer) => answer.status),
        ...Array<string>(Math.max(0, written - answers.filter((a) => a.status === 'written').length)).fill(
          'written',
        ),
      ];
      if (batch.auditId !== null) {
        await this.deps.access.audit.complete(batch.auditId, {
          outcome: overallOutcome(statuses),
          // The rows Marketo did not simply import; every other row of the file was imported.
          leads: answers.map((answer) => ({
            index: answer.row,
            status: answer.status,
            ...(answer.reason ? { reason: `${answer.reason.code} ${answer.reason.message}` } : {}),
          })),
          requestIds: optional(requestId),
          summary: activitySummary('bulk_file_done', {
            file: job.fileName,
            batch: batch.batch,
            marketoBatch: batch.marketoBatchId ?? 0,
            written,
            skipped: answers.filter((a) => a.status === 'skipped').length,
            failed: answers.filter((a) => a.status === 'failed').length,
          }),
        });
      }
      await this.deps.repo.finishIfDone(batch.jobId, nowMs);
    });
    this.deps.log.info(
      { jobId: batch.jobId, batch: batch.batch, status: progress.marketoStatus },
      'bulk import file finished',
    );
  }

  private backoff(polls: number): number {
    return Math.min(this.deps.poll.maxMs, this.deps.poll.firstMs * 2 ** Math.min(polls, 20));
  }
}

function key(batch: { jobId: string; batch: number }): string {
  return `${batch.jobId}#${batch.batch}`;
}

function optional(requestId: string | undefined): string[] {
  return requestId === undefined ? [] : [requestId];
}
