// The import worker: one chunk in flight at a time across all jobs, taken in turn from each running job, sent in
// the background lane of the rate budget and only while the rolling window has head-room, so interactive use
// never waits behind an import. Exactly once (README.md): rows are marked `sending` in one transaction before
// the call, the answer is stored in one transaction after it, and a chunk whose answer was lost is reconciled by
// looking its rows up, never by sending it again.
import type { FastifyBaseLogger } from 'fastify';
import type { Catalog } from '../app-deps';
import type { AccessDeps } from '../auth/access-deps';
import { isGranted, requireRole } from '../auth/access';
import { IMPORT_CHUNK_SIZE } from '../contract/imports';
import type { ParsedLeadWriteRequest, Reason } from '../contract/leads';
import { splitIntoBatches } from '../marketo/batching';
import {
  MarketoApiError,
  MarketoAuthError,
  MarketoQuotaError,
  MarketoUnavailableError,
} from '../marketo/errors';
import type { MarketoApi, MarketoPartition, SyncLeadOutcome, TracedOutcomes } from '../marketo/types';
import { LEAD_NOT_FOUND, NOT_ACCESSIBLE, screenWrite } from '../routes/lead-access';
import { UNKNOWN_PARTITION, writtenPartitions } from '../routes/written-partitions';
import type { SqliteDb } from '../store/database';
import {
  ImportRunsRepo,
  type ChunkRow,
  type RowAnswer,
  type RunJob,
  type SendingChunk,
} from '../store/import-runs-repo';
import { ImportsRepo } from '../store/imports-repo';
import type { UserRecord } from '../store/users-repo';
import { finishInterruptedCancels } from './job-cancel';
import { discardUnopenedJobs } from './job-start';
import { reconcileChunk, recordChunkAnswer, type ReconcileCause } from './reconcile';

export interface ImportRunnerDeps {
  db: SqliteDb;
  marketo: MarketoApi;
  catalog: Catalog;
  access: AccessDeps;
  logger: FastifyBaseLogger;
  /** The clock for stored times and pauses (tests move it). */
  now?: () => number;
  /** Calls of the rolling window a chunk leaves free for interactive use (IMPORT_RESERVED_CALLS, default 10). */
  reservedCalls?: number;
  /** The pause after Marketo refuses or does not answer: first step and ceiling (default 30 s doubling to 5 min). */
  backoff?: { firstMs: number; maxMs: number };
}

const DEFAULT_BACKOFF = { firstMs: 30_000, maxMs: 5 * 60_000 };
/** After an error nobody foresaw (a bug, a database error): wait rather than spin. */
const UNEXPECTED_ERROR_WAIT_MS = 5_000;
const NO_ANSWER: Reason = { code: 'no_result', message: 'Marketo returned no result for this lead' };
const TOO_LARGE: Reason = {
  code: '413',
  message: "This row alone is larger than Marketo's 1 MB request limit",
};
const NOT_CHECKABLE: Reason = {
  code: 'not_checked',
  message: 'The lookup value contains a comma, so it cannot be checked against your partitions',
};

// Marketo refused these before doing anything (rate, concurrency, "temporarily unavailable"): safe to resend.
const REFUSED_CODES = new Set(['606', '615', '608', '614', '429']);
// Token refusals that outlasted the client's fresh tokens.
const TOKEN_CODES = new Set(['600', '601', '602']);
// The request may have run (timeouts, system errors): only a lookup can tell.
const MAYBE_RAN_CODES = new Set(['604', '611', '713', '500', '502']);

type CallFailure =
  | { kind: 'quota'; resetsAt: Date }
  | { kind: 'refused' }
  | { kind: 'rejected'; why: string; requestId: string | undefined }
  | { kind: 'maybe-ran' };

/** Which way a failed call went: refused before running, refused for good, or possibly applied. */
function classify(error: unknown): CallFailure {
  if (error instanceof MarketoQuotaError) return { kind: 'quota', resetsAt: error.resetsAt };
  if (error instanceof MarketoAuthError) return { kind: 'refused' };
  if (error instanceof MarketoApiError) {
    if (TOKEN_CODES.has(error.code) || REFUSED_CODES.has(error.code)) return { kind: 'refused' };
    if (MAYBE_RAN_CODES.has(error.code)) return { kind: 'maybe-ran' };
    return { kind: 'rejected', why: `${error.code}: ${error.marketoMessage}`, requestId: error.requestId };
  }
  // A deadline that cut an attempt short carries it as the cause: that attempt may have been in flight.
  if (
    error instanceof MarketoUnavailableError &&
    error.cause === undefined &&
    REFUSED_CODES.has(error.lastCode)
  ) {
    return { kind: 'refused' };
  }
  return { kind: 'maybe-ran' };
}

/** A time in messages: unambiguous for every reader of the console, whatever their zone. */
function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const chunkKey = (jobId: string, chunk: number) => `${jobId}#${chunk}`;

/** The Marketo client with lookups in the background lane: the write screen of an import is no one's wait. */
function inBackground(marketo: MarketoApi): MarketoApi {
  return {
    getPartitions: () => marketo.getPartitions(),
    describeLeads: () => marketo.describeLeads(),
    syncLeads: (request) => marketo.syncLeads({ ...request, priority: 'background' }),
    syncLeadsTraced: (request) => marketo.syncLeadsTraced({ ...request, priority: 'background' }),
    getLeadById: (id, fields) => marketo.getLeadById(id, fields),
    getLeadsByFilter: (filterType, values, fields) =>
      marketo.getLeadsByFilter(filterType, values, fields, { priority: 'background' }),
    updateLeadPartition: (moves) => marketo.updateLeadPartition(moves),
    updateLeadPartitionTraced: (moves) => marketo.updateLeadPartitionTraced(moves),
    getUsageToday: () => marketo.getUsageToday(),
    rateBudget: () => marketo.rateBudget(),
  };
}

/** The JSON a sync of `rows` for `job` sends besides the records, sized as the client sizes its batches. */
function overheadBytes(job: RunJob): number {
  const { action, lookupField, partitionName } = job;
  return Buffer.byteLength(JSON.stringify({ action, lookupField, partitionName, input: [] }), 'utf8');
}

export class ImportRunner {
  private readonly repo: ImportRunsRepo;
  private readonly now: () => number;
  private readonly reservedCalls: number;
  private readonly backoff: { firstMs: number; maxMs: number };
  private readonly background: MarketoApi;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private woken = false;
  private wakeUp: (() => void) | undefined;
  /** The job that sent the last chunk, so the next one goes to the job after it. */
  private lastJob: RunJob | undefined;
  /** Failures in a row per job, for the backoff. */
  private readonly failures = new Map<string, number>();
  /** Chunks this run left `sending` after a call without an answer: reconciled once Marketo had time. */
  private readonly unsettled = new Map<string, { dueMs: number; cause: ReconcileCause }>();

  constructor(private readonly deps: ImportRunnerDeps) {
    this.repo = new ImportRunsRepo(deps.db);
    this.now = deps.now ?? Date.now;
    this.reservedCalls = deps.reservedCalls ?? 10;
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
    this.background = inBackground(deps.marketo);
  }

  /**
   * Removes jobs an earlier run began but never opened, finishes cancels it cut short, settles chunks it left
   * `sending`, then works through running jobs until `stop()`.
   */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Looks for work now (a job was created or cancelled) instead of at the end of the current wait. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Takes no new chunk; resolves once the chunk in flight is stored (or left `sending` for reconcile). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    try {
      const imports = new ImportsRepo(this.deps.db);
      const discarded = await discardUnopenedJobs(imports);
      if (discarded > 0) this.deps.logger.info({ discarded }, 'removed imports whose start never finished');
      const cancelled = await finishInterruptedCancels(imports, this.now());
      if (cancelled > 0) this.deps.logger.info({ cancelled }, 'finished cancelling imports');
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not tidy up imports an earlier run left half-done');
    }
    while (!this.stopping) {
      this.woken = false;
      let waitMs: number | undefined;
      try {
        waitMs = await this.step();
      } catch (error) {
        this.deps.logger.error({ err: error }, 'import runner step failed');
        waitMs = UNEXPECTED_ERROR_WAIT_MS;
      }
      if (waitMs !== 0) await this.idle(waitMs);
    }
  }

  /** Resolves after `ms` (never, when undefined), or as soon as `wake()` or `stop()` is called. */
  private async idle(ms: number | undefined): Promise<void> {
    if (this.stopping || this.woken) return;
    await new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, Math.max(1, ms));
      timer?.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
    this.wakeUp = undefined;
  }

  /** One unit of work. Answers how long to wait before the next (0: go on; undefined: until woken). */
  private async step(): Promise<number | undefined> {
    // Chunks whose answer was lost are settled (by lookup) before anything new goes out.
    for (const sending of this.repo.sendingChunks()) {
      if (this.stopping) return 0;
      const unsettled = this.unsettled.get(chunkKey(sending.jobId, sending.chunk));
      if (unsettled && unsettled.dueMs > this.now()) continue;
      await this.reconcile(sending, unsettled?.cause ?? 'restart');
    }
    for (const jobId of this.repo.finishableJobIds()) this.repo.finishIfDone(jobId, this.now());

    const now = this.now();
    const jobs = this.repo.runnableJobs();
    const ready = jobs.filter((job) => job.pausedUntilMs === null || job.pausedUntilMs <= now);
    if (ready.length === 0) return this.untilNextDue(jobs, now);
    const last = this.lastJob;
    const job =
      (last &&
        ready.find(
          (candidate) =>
            candidate.createdAtMs > last.createdAtMs ||
            (candidate.createdAtMs === last.createdAtMs && candidate.id > last.id),
        )) ??
      ready[0]!;

    let owner: UserRecord;
    try {
      const checked = await this.checkOwner(job);
      if ('stop' in checked) {
        this.failJob(job, checked.stop, []);
        this.deps.logger.warn({ jobId: job.id }, 'import stopped: its owner may no longer write there');
        return 0;
      }
      owner = checked.user;
    } catch (error) {
      this.pauseAfter(job, classify(error));
      return 0;
    }

    const budget = this.deps.marketo.rateBudget();
    if (budget.callsInWindow > Math.max(0, budget.callsPer20s - this.reservedCalls)) {
      // Interactive use gets the rest of the window; look again after about one call's share of it.
      return Math.ceil(20_000 / budget.callsPer20s);
    }
    if (this.stopping) return 0;
    const overhead = overheadBytes(job);
    const fit = (rows: readonly ChunkRow[]) =>
      splitIntoBatches(
        rows.map((row) => row.fields),
        { overheadBytes: overhead },
      )[0]?.items.length ?? 0;
    const claimed = this.repo.claimChunk(job.id, IMPORT_CHUNK_SIZE, fit, this.now());
    if (!claimed) return 0;
    this.lastJob = job;
    await this.sendChunk(job, owner, claimed.chunk, claimed.rows);
    return 0;
  }

  /** How long until a paused job may go on or an unsettled chunk is due; undefined when neither. */
  private untilNextDue(jobs: readonly RunJob[], now: number): number | undefined {
    const due = [
      ...jobs.flatMap((job) => (job.pausedUntilMs === null ? [] : [job.pausedUntilMs])),
      ...[...this.unsettled.values()].map((entry) => entry.dueMs),
    ];
    return due.length === 0 ? undefined : Math.max(1, Math.min(...due) - now);
  }

  /** Whether the job's owner may still write to its partition; a reason to stop the job if not. */
  private async checkOwner(job: RunJob): Promise<{ user: UserRecord } | { stop: string }> {
    const user = job.userId === null ? undefined : this.deps.access.users.byId(job.userId);
    const who = user?.email ?? job.userEmail;
    if (!user) return { stop: `The import stopped: the account ${who} no longer exists.` };
    if (user.disabled) return { stop: `The import stopped: the account ${who} was disabled.` };
    try {
      requireRole(user, 'editor');
    } catch {
      return { stop: `The import stopped: ${who} no longer has the editor role.` };
    }
    if (user.partitions !== 'all') {
      const partitions = await this.deps.catalog.partitions();
      const partition = partitions.find((candidate) => candidate.name === job.partitionName);
      if (!partition || !isGranted(user, partition.id)) {
        return {
          stop: `The import stopped: ${who} no longer has access to partition '${job.partitionName}'.`,
        };
      }
    }
    return { user };
  }

  private async sendChunk(job: RunJob, owner: UserRecord, chunk: number, rows: ChunkRow[]): Promise<void> {
    let blocked = new Map<number, Reason>();
    let matchedInside: Set<number> | undefined;
    let matchedPartitionIds = new Set<number>();
    try {
      if (owner.partitions !== 'all') {
        ({ blocked, matchedInside, matchedPartitionIds } = await this.screen(job, owner, rows));
      }
    } catch (error) {
      // Nothing was written: the rows wait for a later chunk.
      this.repo.releaseChunk(job.id, chunk);
      const failure = classify(error);
      this.pauseAfter(job, failure.kind === 'quota' ? failure : { kind: 'refused' });
      return;
    }
    const indexes = rows.flatMap((_row, index) => (blocked.has(index) ? [] : [index]));
    const oversized =
      indexes.length === 1 &&
      splitIntoBatches([rows[indexes[0]!]!.fields], { overheadBytes: overheadBytes(job) })[0]?.oversized;
    const sends = indexes.length > 0 && !oversized;
    let traced: TracedOutcomes<SyncLeadOutcome>;
    try {
      traced = !sends
        ? { outcomes: [], requestIds: [] }
        : await this.deps.marketo.syncLeadsTraced({
            action: job.action,
            lookupField: job.lookupField,
            partitionName: job.partitionName,
            input: indexes.map((index) => rows[index]!.fields),
            priority: 'background',
          });
    } catch (error) {
      this.callFailed(job, chunk, classify(error));
      return;
    }
    const hidden = job.lookupField === 'id' ? LEAD_NOT_FOUND : NOT_ACCESSIBLE;
    const outcomes = new Map(indexes.map((index, position) => [index, traced.outcomes[position]]));
    const answers = rows.map((row, index): RowAnswer => {
      const reason = blocked.get(index);
      if (reason) return { row: row.row, status: 'skipped', reason };
      if (oversized) return { row: row.row, status: 'failed', reason: TOO_LARGE };
      const outcome = outcomes.get(index);
      if (!outcome) return { row: row.row, status: 'failed', reason: NO_ANSWER };
      let first = outcome.reasons?.[0];
      // As for interactive writes: a 1010 about a lead not placed inside the grants must not hint where it is.
      if (first?.code === '1010' && matchedInside && !matchedInside.has(index)) first = hidden;
      return { row: row.row, status: outcome.status, leadId: outcome.id, reason: first };
    });
    const partitions =
      job.action === 'updateOnly'
        ? await this.updatedPartitions(job, owner, answers, matchedPartitionIds)
        : undefined;
    this.repo.transaction(() => {
      this.repo.resume(job.id);
      recordChunkAnswer(this.chunkStore(), job, chunk, {
        answers,
        requestIds: traced.requestIds,
        // Rows held back by the screen, or too large to go, were answered here without reaching Marketo.
        sentRows: sends ? indexes.length : 0,
        ...(partitions === undefined ? {} : { partitions }),
      });
    });
    this.failures.delete(job.id);
    this.deps.logger.debug({ jobId: job.id, chunk, rows: rows.length }, 'import chunk answered');
    this.logIfFinished(job.id);
  }

  /**
   * The write screen of leads-write.ts for a user with limited grants: rows whose lookup value may match a lead
   * outside the grants are not sent. By row index within the chunk.
   */
  private async screen(
    job: RunJob,
    owner: UserRecord,
    rows: readonly ChunkRow[],
  ): Promise<{ blocked: Map<number, Reason>; matchedInside: Set<number>; matchedPartitionIds: Set<number> }> {
    const fields = await this.deps.catalog.fields();
    const blocked = new Map<number, Reason>();
    // Marketo's filter list cannot carry a comma; a value that cannot be looked up is not sent (fail closed).
    const checkable = rows.flatMap((row, index) => {
      const value = row.fields[job.lookupField];
      if (typeof value === 'string' && value.includes(',')) {
        blocked.set(index, NOT_CHECKABLE);
        return [];
      }
      return [index];
    });
    const body: ParsedLeadWriteRequest = {
      action: job.action,
      lookupField: job.lookupField,
      partitionName: job.partitionName,
      leads: checkable.map((index) => rows[index]!.fields),
    };
    const screen = await screenWrite(owner, this.background, body, fields);
    const hidden = job.lookupField === 'id' ? LEAD_NOT_FOUND : NOT_ACCESSIBLE;
    const matchedInside = new Set<number>();
    checkable.forEach((rowIndex, position) => {
      if (screen.blocked.has(position)) blocked.set(rowIndex, hidden);
      if (screen.matchedInside.has(position)) matchedInside.add(rowIndex);
    });
    return { blocked, matchedInside, matchedPartitionIds: screen.matchedPartitionIds };
  }

  /**
   * Where the leads an updateOnly chunk touched live: Marketo ignores partitionName for updates, so they may be
   * anywhere, and the audit's readers are chosen by partition. Read back as the single-lead route does; if that
   * fails, the partitions the screen matched (a limited owner) or "unknown" (only admins then see the entry).
   */
  private async updatedPartitions(
    job: RunJob,
    owner: UserRecord,
    answers: readonly RowAnswer[],
    matchedPartitionIds: ReadonlySet<number>,
  ): Promise<string[]> {
    const leadIds = answers.flatMap((answer) => (answer.leadId === undefined ? [] : [answer.leadId]));
    if (leadIds.length === 0) return [job.partitionName];
    let partitions: MarketoPartition[] = [];
    try {
      partitions = await this.deps.catalog.partitions();
    } catch {
      // Without the list no id can be named: the fallback below stands.
    }
    const matched = partitions.flatMap((partition) =>
      matchedPartitionIds.has(partition.id) ? [partition.name] : [],
    );
    const fallback = owner.partitions === 'all' ? [UNKNOWN_PARTITION] : [job.partitionName, ...matched];
    if (partitions.length === 0) return fallback;
    return writtenPartitions(this.background, partitions, leadIds, job.partitionName, fallback);
  }

  /** A sync call that failed as a whole: rows back (refused), job stopped (rejected), or reconcile later. */
  private callFailed(job: RunJob, chunk: number, failure: CallFailure): void {
    const log = { jobId: job.id, chunk, failure: failure.kind };
    switch (failure.kind) {
      case 'quota':
      case 'refused':
        this.repo.releaseChunk(job.id, chunk);
        this.pauseAfter(job, failure);
        this.deps.logger.warn(log, 'import chunk refused by Marketo; its rows wait');
        return;
      case 'rejected':
        this.repo.releaseChunk(job.id, chunk);
        this.failJob(
          job,
          `The import stopped: Marketo refused it (${failure.why}).`,
          failure.requestId === undefined ? [] : [failure.requestId],
        );
        this.deps.logger.warn(log, 'import stopped: Marketo refused its chunk');
        return;
      case 'maybe-ran': {
        // Not now: a call that timed out may still be running in Marketo; give it the pause to finish.
        const until = this.pauseAfter(job, failure);
        this.unsettled.set(chunkKey(job.id, chunk), { dueMs: until, cause: 'no-answer' });
        this.deps.logger.warn(log, 'import chunk got no answer; it will be confirmed by lookup');
      }
    }
  }

  /** Pauses a job after a failure (until Marketo's quota reset, or with a growing backoff); answers the end. */
  private pauseAfter(job: RunJob, failure: CallFailure): number {
    if (failure.kind === 'quota') {
      const until = failure.resetsAt.getTime();
      this.repo.pause(
        job.id,
        until,
        `Marketo's daily API quota is used up; the import continues after ${formatTime(until)} (Marketo's reset)`,
      );
      return until;
    }
    const count = (this.failures.get(job.id) ?? 0) + 1;
    this.failures.set(job.id, count);
    const delay = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** (count - 1));
    const until = this.now() + delay;
    this.repo.pause(job.id, until, `Marketo is not answering; trying again at ${formatTime(until)}`);
    return until;
  }

  private async reconcile(sending: SendingChunk, cause: ReconcileCause): Promise<void> {
    const key = chunkKey(sending.jobId, sending.chunk);
    try {
      const result = await reconcileChunk(
        { ...this.chunkStore(), marketo: this.background, catalog: this.deps.catalog },
        sending,
        cause,
      );
      this.unsettled.delete(key);
      this.deps.logger.info(
        { jobId: sending.jobId, chunk: sending.chunk, cause, ...result },
        'import chunk confirmed by lookup',
      );
      this.logIfFinished(sending.jobId);
    } catch (error) {
      const job = this.repo.job(sending.jobId);
      if (!job) return;
      const failure = classify(error);
      const until = this.pauseAfter(job, failure.kind === 'quota' ? failure : { kind: 'refused' });
      this.unsettled.set(key, { dueMs: until, cause });
      this.deps.logger.warn(
        { jobId: sending.jobId, chunk: sending.chunk, err: { name: (error as Error).name } },
        'could not confirm an import chunk by lookup; trying again later',
      );
    }
  }

  /** Stops a job for good and says so in the audit trail, with the rows that will never be sent. */
  private failJob(job: RunJob, message: string, requestIds: readonly string[]): void {
    this.repo.transaction(() => {
      const failed = this.repo.fail(job.id, message, this.now());
      if (!failed) {
        // Already being cancelled by its user: the cancel (paged, or done above when no cancel is under way) takes
        // the rows handed back, and the job ends `cancelled` as asked, not `failed`.
        this.repo.finishIfDone(job.id, this.now());
        return;
      }
      this.deps.access.audit.append({
        user: { id: job.userId, email: job.userEmail },
        action: 'import',
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

  private chunkStore() {
    return { repo: this.repo, access: this.deps.access, now: this.now };
  }

  private logIfFinished(jobId: string): void {
    const job = this.repo.job(jobId);
    if (job && job.state !== 'running' && job.state !== 'cancelling') {
      this.failures.delete(jobId);
      this.deps.logger.info({ jobId, state: job.state }, 'import finished');
    }
  }
}
