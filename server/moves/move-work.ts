// Bulk moves as work for the import runner (server/imports/runner.ts), which takes turns between imports and
// moves so one loop holds the background lane: one call in flight at a time, only while the rolling window has
// head-room. A turn settles a chunk left `sending`, or looks up 300 rows of a job being previewed, or sends one
// chunk of a running job; failures pause the job as they pause an import. A `sending` chunk is leased to the
// replica that claimed it, renewed while its call is in flight, and settled by another only once the lease lapses.
import type { FastifyBaseLogger } from 'fastify';
import type { Catalog } from '../app-deps';
import type { AccessDeps } from '../auth/access-deps';
import { MOVE_CHUNK_SIZE } from '../contract/moves';
import { inBackground } from '../imports/background-lane';
import { whileLeased, type LeaseKeeping } from '../imports/chunk-lease';
import {
  CALL_BUDGET_WAIT,
  classify,
  type Backoff,
  JobPauses,
  type CallFailure,
} from '../imports/runner-failures';
import { jobMessage } from '../imports/job-messages';
import type { MarketoApi } from '../marketo/types';
import { ChunkLeaseLost, type ChunkLease } from '../store/import-runs-repo';
import type { ConsoleDb } from '../store/kysely';
import { MovesRepo, type MoveJobRecord } from '../store/moves-repo';
import { sendMoveChunk } from './chunk-send';
import { settleMoveChunk } from './chunk-settle';
import { checkMoveOwner, type MoveOwner } from './owner-check';
import { resolveRows } from './resolve';

export interface MoveWorkDeps {
  db: ConsoleDb;
  marketo: MarketoApi;
  catalog: Catalog;
  access: AccessDeps;
  logger: FastifyBaseLogger;
  now: () => number;
  backoff: Backoff;
  /** Whether the rolling window leaves room for a background call now; otherwise how long to wait. */
  budgetRoom: () => { room: true } | { room: false; waitMs: number };
  /** The replica's chunk lease, shared with its imports'. */
  lease: ChunkLease;
}

/** What a turn did: some work (the loop goes on at once), or nothing, with when something falls due. */
export type MoveTurn = { worked: true } | { worked: false; nextDueMs: number | undefined };

const key = (jobId: string, chunk: number) => `${jobId}#${chunk}`;

export class MoveWork {
  private readonly repo: MovesRepo;
  private readonly background: MarketoApi;
  private readonly pauses: JobPauses;
  /** Chunks this run left `sending` after a call without an answer, settled once Marketo had time. */
  private readonly unsettled = new Map<string, number>();
  /** Jobs being previewed whose lookups failed: not before this time. */
  private readonly resolveAfter = new Map<string, number>();
  /** When the chunks other live replicas hold were last seen to lapse: the next look is due then. */
  private heldUntil: number[] = [];
  private lastJob: MoveJobRecord | undefined;
  private previewTurn = false;

  constructor(private readonly deps: MoveWorkDeps) {
    this.repo = new MovesRepo(deps.db, deps.lease);
    this.background = inBackground(deps.marketo);
    this.pauses = new JobPauses(this.repo, deps.now, deps.backoff, 'move');
  }

  /**
   * Settles chunks whose answer was lost (all due ones) and closes jobs with nothing pending. A chunk another live
   * replica holds is left to it until its lease lapses.
   */
  async settle(stopping: () => boolean): Promise<void> {
    const held: number[] = [];
    for (const sending of await this.repo.sendingChunks()) {
      if (stopping()) return;
      const now = this.deps.now();
      if (sending.leaseOwner === this.repo.lease.owner) {
        const due = this.unsettled.get(key(sending.jobId, sending.chunk));
        if (due !== undefined && due > now) continue;
      } else if (!this.repo.lapsed(sending, now)) {
        held.push(sending.leaseExpiresAtMs ?? now);
        continue;
      }
      if (!(await this.repo.takeOver(sending.jobId, sending.chunk, now))) continue;
      await this.settleOne(sending.jobId, sending.chunk);
    }
    this.heldUntil = held;
    for (const jobId of await this.repo.finishableJobIds())
      await this.repo.finishIfDone(jobId, this.deps.now());
  }

  /** One unit of move work, if there is any ready. */
  async turn(): Promise<MoveTurn> {
    const now = this.deps.now();
    const resolving = (await this.repo.resolvingJobs()).filter(
      (job) => (this.resolveAfter.get(job.id) ?? 0) <= now,
    );
    const jobs = await this.repo.runnableJobs();
    const ready = jobs.filter((job) => job.pausedUntilMs === null || job.pausedUntilMs <= now);
    // Previews and running moves take turns, so a long preview never holds up a move under way, nor the reverse.
    this.previewTurn = !this.previewTurn;
    if (resolving[0] && (this.previewTurn || ready.length === 0)) return this.resolve(resolving[0]);
    if (ready.length === 0) {
      const due = [
        ...jobs.flatMap((job) => (job.pausedUntilMs === null ? [] : [job.pausedUntilMs])),
        ...this.unsettled.values(),
        ...this.resolveAfter.values(),
        ...this.heldUntil,
      ];
      return { worked: false, nextDueMs: due.length === 0 ? undefined : Math.max(1, Math.min(...due) - now) };
    }
    const last = this.lastJob;
    const job =
      (last &&
        ready.find(
          (c) => c.createdAtMs > last.createdAtMs || (c.createdAtMs === last.createdAtMs && c.id > last.id),
        )) ??
      ready[0]!;
    return this.sendNext(job);
  }

  private leaseKeeping(): LeaseKeeping {
    return { repo: this.repo, now: this.deps.now, log: this.deps.logger };
  }

  private async owner(job: MoveJobRecord): Promise<MoveOwner | undefined> {
    const checked = await checkMoveOwner(job, this.deps.access, this.deps.catalog);
    if ('stop' in checked) {
      await this.repo.fail(job.id, checked.stop, this.deps.now());
      this.deps.logger.warn({ jobId: job.id }, 'bulk move stopped: its owner may no longer move there');
      return undefined;
    }
    return checked;
  }

  private async resolve(job: MoveJobRecord): Promise<MoveTurn> {
    const budget = this.deps.budgetRoom();
    if (!budget.room) return { worked: false, nextDueMs: budget.waitMs };
    try {
      const owner = await this.owner(job);
      if (!owner) return { worked: true };
      const rows = await this.repo.unresolvedRows(job.id, MOVE_CHUNK_SIZE);
      // A list of only invalid or repeated values has nothing to look up: it is previewed at once.
      const resolutions =
        rows.length === 0 ? [] : await resolveRows(this.background, owner.user, job, owner.target, rows);
      await this.repo.storeResolutions(job.id, resolutions);
      this.resolveAfter.delete(job.id);
    } catch (error) {
      const failure = classify(error);
      if (failure.kind === 'rejected') {
        await this.repo.fail(job.id, jobMessage('preview_refused', { why: failure.why }), this.deps.now());
      } else {
        const waitMs =
          failure.kind === 'quota' ? failure.resetsAt.getTime() - this.deps.now() : this.deps.backoff.firstMs;
        this.resolveAfter.set(job.id, this.deps.now() + Math.max(1, waitMs));
        this.deps.logger.warn(
          { jobId: job.id, failure: failure.kind },
          'bulk move lookup failed; trying again later',
        );
      }
    }
    return { worked: true };
  }

  private async sendNext(job: MoveJobRecord): Promise<MoveTurn> {
    let owner: MoveOwner | undefined;
    try {
      owner = await this.owner(job);
    } catch (error) {
      await this.pauses.pauseAfter(job, classify(error));
      return { worked: true };
    }
    if (!owner) return { worked: true };
    const budget = this.deps.budgetRoom();
    if (!budget.room) {
      await this.repo.pause(job.id, this.deps.now() + budget.waitMs, CALL_BUDGET_WAIT);
      return { worked: false, nextDueMs: budget.waitMs };
    }
    const claimed = await this.repo.claimChunk(job.id, MOVE_CHUNK_SIZE, this.deps.now());
    if (!claimed) return { worked: true };
    this.lastJob = job;
    const deps = {
      repo: this.repo,
      access: this.deps.access,
      now: this.deps.now,
      background: this.background,
    };
    let sent;
    try {
      sent = await whileLeased(this.leaseKeeping(), job.id, claimed.chunk, () =>
        sendMoveChunk(deps, job, owner, claimed.chunk, claimed.rows),
      );
    } catch (error) {
      if (!(error instanceof ChunkLeaseLost)) throw error;
      // This replica stalled past its lease and another settled the chunk by lookup: its answer stands.
      this.deps.logger.warn(
        { jobId: job.id, chunk: claimed.chunk },
        'bulk move chunk answered after another replica took it over',
      );
      return { worked: true };
    }
    if (sent.kind === 'answered') {
      this.pauses.forget(job.id);
      return { worked: true };
    }
    const failure = classify(sent.error);
    // A failed read-back sent nothing: the rows wait, whatever the failure was.
    const effective: CallFailure =
      sent.kind === 'check-failed' && failure.kind !== 'quota' ? { kind: 'refused' } : failure;
    await this.callFailed(job, claimed.chunk, effective);
    return { worked: true };
  }

  private async callFailed(job: MoveJobRecord, chunk: number, failure: CallFailure): Promise<void> {
    const log = { jobId: job.id, chunk, failure: failure.kind };
    switch (failure.kind) {
      case 'quota':
      case 'refused':
        await this.repo.releaseChunk(job.id, chunk);
        await this.pauses.pauseAfter(job, failure);
        this.deps.logger.warn(log, 'bulk move chunk refused by Marketo; its rows wait');
        return;
      case 'rejected':
        await this.repo.releaseChunk(job.id, chunk);
        await this.repo.fail(
          job.id,
          jobMessage('marketo_refused', { noun: 'move', why: failure.why }),
          this.deps.now(),
        );
        this.deps.logger.warn(log, 'bulk move stopped: Marketo refused its chunk');
        return;
      case 'maybe-ran': {
        // Not now: the call may still be running in Marketo; the lease keeps other replicas off it meanwhile.
        const until = await this.pauses.pauseAfter(job, failure);
        await this.repo.renewLease(job.id, chunk, until);
        this.unsettled.set(key(job.id, chunk), until);
        this.deps.logger.warn(log, 'bulk move chunk got no answer; it will be confirmed by lookup');
      }
    }
  }

  private async withoutGrants(job: MoveJobRecord): Promise<MoveOwner> {
    const partitions = await this.deps.catalog.partitions();
    return {
      user: {
        id: job.userId ?? 0,
        email: job.userEmail,
        name: '',
        role: 'viewer',
        partitions: [],
        disabled: true,
        passwordHash: '',
        createdAt: '',
        lastSignInAt: null,
        sso: null,
      },
      partitions,
      target: partitions.find((partition) => partition.name === job.target) ?? { id: -1, name: job.target },
    };
  }

  private async settleOne(jobId: string, chunk: number): Promise<void> {
    const job = await this.repo.job(jobId);
    if (!job) return;
    try {
      const checked = await checkMoveOwner(job, this.deps.access, this.deps.catalog);
      // Without the grant any more, the chunk is still settled by reading back, on no grants at all: a lead in its
      // target was moved, one in its source was not, any other reads as not found. Then the job stops (and its
      // unsent rows are cancelled), so it never reads as ended while a chunk is unsettled.
      const owner = 'stop' in checked ? await this.withoutGrants(job) : checked;
      const deps = {
        repo: this.repo,
        access: this.deps.access,
        now: this.deps.now,
        background: this.background,
      };
      const result = await whileLeased(this.leaseKeeping(), jobId, chunk, () =>
        settleMoveChunk(deps, job, owner, chunk),
      );
      if ('stop' in checked) await this.repo.fail(job.id, checked.stop, this.deps.now());
      this.unsettled.delete(key(jobId, chunk));
      this.deps.logger.info({ jobId, chunk, ...result }, 'bulk move chunk confirmed by lookup');
    } catch (error) {
      if (error instanceof ChunkLeaseLost) {
        this.unsettled.delete(key(jobId, chunk));
        this.deps.logger.warn({ jobId, chunk }, 'another replica settled this bulk move chunk first');
        return;
      }
      const failure = classify(error);
      const until = await this.pauses.pauseAfter(
        job,
        failure.kind === 'quota' ? failure : { kind: 'refused' },
      );
      this.unsettled.set(key(jobId, chunk), until);
      this.deps.logger.warn(
        { jobId, chunk },
        'could not confirm a bulk move chunk by lookup; trying again later',
      );
    }
  }
}
