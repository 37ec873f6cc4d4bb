// The import worker: one chunk in flight at a time across all jobs, taken in turn from each running job, sent in
// the background lane of the rate budget and only while the rolling window has head-room, so interactive use
// never waits behind an import. Exactly once (README.md): rows are marked `sending` in one transaction before
// the call, the answer is stored in one transaction after it, and a chunk whose answer was lost is reconciled by
// looking its rows up, never by sending it again. Several replicas may run beside each other on one PostgreSQL:
// each chunk is leased to the replica that claimed it, and only a lapsed lease is settled by another.
import { IMPORT_CHUNK_SIZE } from '../contract/imports';
import { splitIntoBatches } from '../marketo/batching';
import type { MarketoApi } from '../marketo/types';
import {
  ChunkLeaseLost,
  ImportRunsRepo,
  type ChunkRow,
  type RunJob,
  type SendingChunk,
} from '../store/import-runs-repo';
import { ImportsRepo } from '../store/imports-repo';
import { ReplicasRepo } from '../store/replicas-repo';
import type { UserRecord } from '../store/users-repo';
import { inBackground } from './background-lane';
import { whileLeased } from './chunk-lease';
import { overheadBytes, sendChunk, type ChunkSendDeps, type ChunkSent } from './chunk-send';
import { finishInterruptedCancels } from './job-cancel';
import { failJob } from './job-failure';
import { discardUnopenedJobs } from './job-start';
import { checkOwner } from './owner-check';
import { reconcileChunk, type ReconcileCause } from './reconcile';
import { jobMessage } from './job-messages';
import { CALL_BUDGET_WAIT, classify, DEFAULT_BACKOFF, JobPauses, type CallFailure } from './runner-failures';
import type { ImportRunnerDeps } from './runner-deps';
import { DEFAULT_HEARTBEAT } from '../replicas/heartbeat';
import { MoveWork } from '../moves/move-work';
import { ImportBulkRepo } from '../store/import-bulk-repo';
import { BulkWorker, DEFAULT_BULK_POLL } from './bulk/bulk-worker';

export type { ImportRunnerDeps } from './runner-deps';

/** After an error nobody foresaw (a bug, a database error): wait rather than spin. */
const UNEXPECTED_ERROR_WAIT_MS = 5_000;
/** The longest the loop idles, even with nothing to do, so its heartbeat (`lastTurnAt`) shows it alive. */
export const MAX_IDLE_MS = 10_000;
const chunkKey = (jobId: string, chunk: number) => `${jobId}#${chunk}`;

export class ImportRunner {
  private readonly repo: ImportRunsRepo;
  private readonly now: () => number;
  private readonly reservedCalls: number;
  private readonly pauses: JobPauses;
  private readonly background: MarketoApi;
  /** The bulk path (server/imports/bulk/); without a Bulk Import client every job takes the sync path. */
  private readonly bulk: BulkWorker | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private lastTurn: number | undefined;
  private woken = false;
  private wakeUp: (() => void) | undefined;
  /** The job that sent the last chunk, so the next one goes to the job after it. */
  private lastJob: RunJob | undefined;
  /**
   * Why this run left a chunk `sending` (a call without an answer): it holds the chunk's lease until Marketo has
   * had time, then settles it. A chunk another replica left is settled as after a restart.
   */
  private readonly causes = new Map<string, ReconcileCause>();
  /** Bulk moves (server/moves/), which take turns with imports in this one loop. */
  private readonly moves: MoveWork;
  private movesTurn = false;

  constructor(private readonly deps: ImportRunnerDeps) {
    this.repo = new ImportRunsRepo(deps.db, { owner: deps.replicaId, ms: deps.leaseMs });
    this.now = deps.now ?? Date.now;
    this.reservedCalls = deps.reservedCalls ?? 10;
    this.pauses = new JobPauses(this.repo, this.now, deps.backoff ?? DEFAULT_BACKOFF);
    this.background = inBackground(deps.marketo);
    this.bulk =
      deps.bulkImport &&
      new BulkWorker({
        repo: this.repo,
        bulk: new ImportBulkRepo(deps.db),
        api: deps.bulkImport,
        access: deps.access,
        now: this.now,
        log: deps.logger,
        pauses: this.pauses,
        replicaId: this.repo.lease.owner,
        poll: deps.bulkPoll ?? DEFAULT_BULK_POLL,
        ...(deps.bulkMaxFileBytes === undefined ? {} : { maxFileBytes: deps.bulkMaxFileBytes }),
        ...(deps.bulkLostGraceMs === undefined ? {} : { lostGraceMs: deps.bulkLostGraceMs }),
      });
    this.moves = new MoveWork({
      db: deps.db,
      marketo: deps.marketo,
      catalog: deps.catalog,
      access: deps.access,
      logger: deps.logger,
      now: this.now,
      backoff: deps.backoff ?? DEFAULT_BACKOFF,
      budgetRoom: () => this.budgetRoom(),
      lease: this.repo.lease,
    });
  }

  /** Whether the rolling window has more than the reserved calls free; if not, about one call's share of it. */
  private budgetRoom(): { room: true } | { room: false; waitMs: number } {
    const budget = this.deps.marketo.rateBudget();
    if (budget.callsInWindow <= Math.max(0, budget.callsPer20s - this.reservedCalls)) return { room: true };
    return { room: false, waitMs: Math.ceil(20_000 / budget.callsPer20s) };
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

  /** The replica id its chunk leases (and the jobs its replica starts) are recorded under. */
  get replicaId(): string {
    return this.repo.lease.owner;
  }

  /**
   * When the loop last began a turn or settled a chunk (Date.now()); undefined once it is stopping or stopped.
   * A running loop turns at least every `MAX_IDLE_MS`, or each call's deadline while it sends.
   */
  lastTurnAt(): number | undefined {
    return this.loop && !this.stopping ? this.lastTurn : undefined;
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
      const writers = await this.liveReplicaIds();
      const discarded = await discardUnopenedJobs(
        imports,
        (startedBy) => startedBy !== null && startedBy !== this.replicaId && writers.has(startedBy),
      );
      if (discarded > 0) this.deps.logger.info({ discarded }, 'removed imports whose start never finished');
      const cancelled = await finishInterruptedCancels(imports, this.now());
      if (cancelled > 0) this.deps.logger.info({ cancelled }, 'finished cancelling imports');
      await this.bulk?.settleLostUploads((id) => id !== this.replicaId && writers.has(id));
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not tidy up imports an earlier run left half-done');
    }
    while (!this.stopping) {
      this.lastTurn = Date.now();
      this.woken = false;
      let waitMs: number | undefined;
      try {
        waitMs = await this.step();
      } catch (error) {
        this.deps.logger.error({ err: error }, 'import runner step failed');
        waitMs = UNEXPECTED_ERROR_WAIT_MS;
      }
      if (waitMs !== 0) await this.idle(Math.min(waitMs ?? MAX_IDLE_MS, MAX_IDLE_MS));
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

  /**
   * One unit of work, an import's or a bulk move's in turn. Answers how long to wait before the next (0: go on;
   * undefined: until woken).
   */
  private async step(): Promise<number | undefined> {
    await this.moves.settle(() => this.stopping);
    if (this.stopping) return 0;
    this.movesTurn = !this.movesTurn;
    const movesFirst = this.movesTurn;
    const first = movesFirst ? await this.moves.turn() : undefined;
    if (first?.worked) return 0;
    const importWait = await this.importStep();
    if (importWait === 0 || this.stopping) return 0;
    const second = movesFirst ? first : await this.moves.turn();
    if (second?.worked) return 0;
    const due = [importWait, second?.worked === false ? second.nextDueMs : undefined].filter(
      (ms): ms is number => ms !== undefined,
    );
    return due.length === 0 ? undefined : Math.min(...due);
  }

  /** One unit of import work. Answers how long to wait before the next (0: go on; undefined: until woken). */
  private async importStep(): Promise<number | undefined> {
    // Chunks whose answer was lost are settled (by lookup) before anything new goes out; a chunk another replica
    // holds is left to it until its lease lapses.
    const held: number[] = [];
    for (const sending of await this.repo.sendingChunks()) {
      if (this.stopping) return 0;
      if (!this.repo.lapsed(sending, this.now())) {
        held.push(sending.leaseExpiresAtMs ?? 0);
        continue;
      }
      if (!(await this.repo.takeOver(sending.jobId, sending.chunk, this.now()))) continue;
      await this.reconcile(sending, this.causes.get(chunkKey(sending.jobId, sending.chunk)) ?? 'restart');
      this.lastTurn = Date.now();
    }
    for (const jobId of await this.repo.finishableJobIds()) await this.repo.finishIfDone(jobId, this.now());
    // Bulk files Marketo is processing: one status call when one is due.
    const bulkDue = await this.bulk?.pollDue();
    if (bulkDue === 0) return 0;
    if (bulkDue !== undefined) held.push(this.now() + bulkDue);

    const now = this.now();
    const jobs = await this.repo.runnableJobs();
    const ready = jobs.filter((job) => job.pausedUntilMs === null || job.pausedUntilMs <= now);
    if (ready.length === 0) return this.untilNextDue(jobs, held, now);
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
      const checked = await checkOwner(job, this.deps.access, this.deps.catalog);
      if ('stop' in checked) {
        await failJob(this.chunkStore(), job, checked.stop, []);
        this.deps.logger.warn({ jobId: job.id }, 'import stopped: its owner may no longer write there');
        return 0;
      }
      owner = checked.user;
    } catch (error) {
      await this.pauses.pauseAfter(job, classify(error));
      return 0;
    }

    const budget = this.budgetRoom();
    if (!budget.room) {
      // Interactive use gets the rest of the window; look again after about one call's share of it. The job says
      // why it waits (its page then shows no time left) until its next chunk is answered.
      await this.repo.pause(job.id, this.now() + budget.waitMs, CALL_BUDGET_WAIT);
      return budget.waitMs;
    }
    if (this.stopping) return 0;
    if (job.path === 'bulk' && this.bulk) {
      this.lastJob = job;
      await this.bulk.uploadNext(job, owner);
      return 0;
    }
    const overhead = overheadBytes(job);
    const fit = (rows: readonly ChunkRow[]) =>
      splitIntoBatches(
        rows.map((row) => row.fields),
        { overheadBytes: overhead },
      )[0]?.items.length ?? 0;
    const claimed = await this.repo.claimChunk(job.id, IMPORT_CHUNK_SIZE, fit, this.now());
    if (!claimed) return 0;
    this.lastJob = job;
    await this.sendChunk(job, owner, claimed.chunk, claimed.rows);
    return 0;
  }

  /** How long until a paused job may go on or a held chunk's lease lapses; undefined when neither. */
  private untilNextDue(jobs: readonly RunJob[], leases: readonly number[], now: number): number | undefined {
    const due = [
      ...jobs.flatMap((job) => (job.pausedUntilMs === null ? [] : [job.pausedUntilMs])),
      ...leases,
    ];
    return due.length === 0 ? undefined : Math.max(1, Math.min(...due) - now);
  }

  private async sendChunk(job: RunJob, owner: UserRecord, chunk: number, rows: ChunkRow[]): Promise<void> {
    const deps: ChunkSendDeps = {
      ...this.chunkStore(),
      marketo: this.deps.marketo,
      background: this.background,
      catalog: this.deps.catalog,
      log: this.deps.logger,
    };
    let sent: ChunkSent;
    try {
      sent = await whileLeased(this.leaseKeeping(), job.id, chunk, () =>
        sendChunk(deps, job, owner, chunk, rows),
      );
    } catch (error) {
      if (!(error instanceof ChunkLeaseLost)) throw error;
      // This replica stalled past its lease and another settled the chunk by lookup: its answer stands.
      this.deps.logger.warn(
        { jobId: job.id, chunk },
        'import chunk answered after another replica took it over',
      );
      return;
    }
    if (sent.kind === 'screen-failed') {
      // Nothing was written: the rows wait for a later chunk.
      await this.repo.releaseChunk(job.id, chunk);
      const failure = classify(sent.error);
      await this.pauses.pauseAfter(job, failure.kind === 'quota' ? failure : { kind: 'refused' });
      return;
    }
    if (sent.kind === 'call-failed') {
      await this.callFailed(job, chunk, classify(sent.error));
      return;
    }
    this.pauses.forget(job.id);
    this.deps.logger.debug({ jobId: job.id, chunk, rows: rows.length }, 'import chunk answered');
    await this.logIfFinished(job.id);
  }

  /** A sync call that failed as a whole: rows back (refused), job stopped (rejected), or reconcile later. */
  private async callFailed(job: RunJob, chunk: number, failure: CallFailure): Promise<void> {
    const log = { jobId: job.id, chunk, failure: failure.kind };
    switch (failure.kind) {
      case 'quota':
      case 'refused':
        await this.repo.releaseChunk(job.id, chunk);
        await this.pauses.pauseAfter(job, failure);
        this.deps.logger.warn(log, 'import chunk refused by Marketo; its rows wait');
        return;
      case 'rejected':
        await this.repo.releaseChunk(job.id, chunk);
        await failJob(
          this.chunkStore(),
          job,
          jobMessage('marketo_refused', { noun: 'import', why: failure.why }),
          failure.requestId === undefined ? [] : [failure.requestId],
        );
        this.deps.logger.warn(log, 'import stopped: Marketo refused its chunk');
        return;
      case 'maybe-ran': {
        // Not now: a call that timed out may still be running in Marketo; give it the pause to finish.
        const until = await this.pauses.pauseAfter(job, failure);
        await this.repo.renewLease(job.id, chunk, until);
        this.causes.set(chunkKey(job.id, chunk), 'no-answer');
        this.deps.logger.warn(log, 'import chunk got no answer; it will be confirmed by lookup');
      }
    }
  }

  private async reconcile(sending: SendingChunk, cause: ReconcileCause): Promise<void> {
    const key = chunkKey(sending.jobId, sending.chunk);
    try {
      const result = await whileLeased(this.leaseKeeping(), sending.jobId, sending.chunk, () =>
        reconcileChunk(
          { ...this.chunkStore(), marketo: this.background, catalog: this.deps.catalog },
          sending,
          cause,
        ),
      );
      this.causes.delete(key);
      this.deps.logger.info(
        { jobId: sending.jobId, chunk: sending.chunk, cause, ...result },
        'import chunk confirmed by lookup',
      );
      await this.logIfFinished(sending.jobId);
    } catch (error) {
      if (error instanceof ChunkLeaseLost) {
        this.causes.delete(key);
        this.deps.logger.warn(
          { jobId: sending.jobId, chunk: sending.chunk },
          'another replica settled this chunk',
        );
        return;
      }
      const job = await this.repo.job(sending.jobId);
      if (!job) return;
      const failure = classify(error);
      const until = await this.pauses.pauseAfter(
        job,
        failure.kind === 'quota' ? failure : { kind: 'refused' },
      );
      // Held until then, so no other replica tries it sooner.
      await this.repo.renewLease(sending.jobId, sending.chunk, until);
      this.causes.set(key, cause);
      this.deps.logger.warn(
        { jobId: sending.jobId, chunk: sending.chunk, err: { name: (error as Error).name } },
        'could not confirm an import chunk by lookup; trying again later',
      );
    }
  }

  /** The other replicas alive on this PostgreSQL (their heartbeats); none on SQLite, which serves one process. */
  private async liveReplicaIds(): Promise<Set<string>> {
    if (this.deps.db.dialect !== 'postgres') return new Set();
    const live = await new ReplicasRepo(this.deps.db).live(DEFAULT_HEARTBEAT.staleMs);
    return new Set(live.map((replica) => replica.id));
  }

  private chunkStore() {
    return { repo: this.repo, access: this.deps.access, now: this.now };
  }

  private leaseKeeping() {
    return { repo: this.repo, now: this.now, log: this.deps.logger };
  }

  private async logIfFinished(jobId: string): Promise<void> {
    const job = await this.repo.job(jobId);
    if (job && job.state !== 'running' && job.state !== 'cancelling') {
      this.pauses.forget(jobId);
      this.deps.logger.info({ jobId, state: job.state }, 'import finished');
    }
  }
}
