// The import runner's statements over the import tables (migrations.ts `imports`): taking a chunk of pending rows, storing
// Marketo's answer, releasing rows that were never written, pausing and closing jobs. Every change that must land
// together runs in one transaction, so a crash leaves either the old state or the new one, never half of each.
// A `sending` chunk is leased to the replica that claimed it (server/imports/README.md "Several replicas").
import { randomUUID } from 'node:crypto';
import type { ImportAction, ImportState } from '../contract/imports';
import type { Reason } from '../contract/leads';
import type { MarketoValue } from '../marketo/types';
import type { ConsoleDb } from './kysely';
import { cancelsInProgress } from './imports-repo';
import { statementsFor, type Statements, toJob, toRow } from './import-runs-statements';
import { executor, inTransaction } from './transaction';

/** What the runner needs to know about a job. */
export interface RunJob {
  id: string;
  fileName: string;
  userId: number | null;
  userEmail: string;
  partitionName: string;
  action: ImportAction;
  lookupField: string;
  state: ImportState;
  pausedUntilMs: number | null;
  createdAtMs: number;
  /** `bulk`: its rows go through Marketo's Bulk Import (server/imports/bulk/), not in chunks. */
  path: 'sync' | 'bulk';
}

/** A pending row: its spreadsheet row number and the lead to send. */
export interface ChunkRow {
  row: number;
  fields: Record<string, MarketoValue>;
}

/** A chunk recorded as `sending` whose answer was never stored, and who holds it until when. */
export interface SendingChunk {
  jobId: string;
  chunk: number;
  sentAtMs: number;
  /** The replica whose runner holds it; null for a chunk claimed before leases existed. */
  leaseOwner: string | null;
  leaseExpiresAtMs: number | null;
}

/** Who this repository claims chunks as, and for how long a claim or renewal holds. */
export interface ChunkLease {
  owner: string;
  ms: number;
}

/** Claims of one job racing for its next chunk number: more than this at once means something else is wrong. */
const MAX_CHUNK_NUMBER_TRIES = 100;

/** How long a claimed chunk stays its replica's without a renewal (IMPORT_LEASE_SECONDS). */
export const DEFAULT_LEASE_MS = 30_000;

/** The answer of a chunk whose lease another replica took over: theirs to settle, not ours to store. */
export class ChunkLeaseLost extends Error {
  override name = 'ChunkLeaseLost';
  constructor(jobId: string, chunk: number, of: 'import' | 'move' = 'import') {
    super(`chunk ${chunk} of ${of} ${jobId} is no longer leased to this replica`);
  }
}

export interface ClaimedChunk {
  chunk: number;
  rows: ChunkRow[];
}

/** The answer for one row of a chunk. */
export interface RowAnswer {
  row: number;
  status: 'created' | 'updated' | 'written' | 'skipped' | 'failed';
  leadId?: number | undefined;
  reason?: Reason | undefined;
}

export class ImportRunsRepo {
  private readonly statements: Statements;
  readonly lease: ChunkLease;

  constructor(
    private readonly consoleDb: ConsoleDb,
    lease: Partial<ChunkLease> = {},
  ) {
    this.statements = statementsFor(consoleDb);
    this.lease = { owner: lease.owner ?? randomUUID(), ms: lease.ms ?? DEFAULT_LEASE_MS };
  }

  private get db() {
    return executor(this.consoleDb);
  }

  /** Runs `work` in one transaction (joining one already open). */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction(this.consoleDb, work);
  }

  async job(id: string): Promise<RunJob | undefined> {
    const { rows } = await this.statements.job(id).execute(this.db);
    return rows[0] && toJob(rows[0]);
  }

  /** `running` jobs with rows not yet in any chunk, paused or not, oldest first. */
  async runnableJobs(): Promise<RunJob[]> {
    return (await this.statements.runnable().execute(this.db)).rows.map(toJob);
  }

  /** Unfinished jobs with no pending row left (every chunk answered or settled): ready to close. */
  async finishableJobIds(): Promise<string[]> {
    return (await this.statements.finishable().execute(this.db)).rows.map((row) => row.id);
  }

  /** Chunks marked `sending` whose answer is not stored yet (in flight somewhere, or lost), oldest first. */
  async sendingChunks(): Promise<SendingChunk[]> {
    return (await this.statements.sending().execute(this.db)).rows;
  }

  /**
   * Whether a `sending` chunk is nobody's any more, so this replica may settle it by lookup: its lease expired, or
   * it has none. On SQLite one process serves the file, so a chunk another owner (an earlier run) left is lapsed too.
   */
  lapsed(sending: SendingChunk, nowMs: number): boolean {
    if (sending.leaseOwner === null || sending.leaseExpiresAtMs === null) return true;
    if (this.consoleDb.dialect === 'sqlite' && sending.leaseOwner !== this.lease.owner) return true;
    return sending.leaseExpiresAtMs <= nowMs;
  }

  /** Takes a lapsed chunk's lease (or keeps this replica's own) for one lease from `nowMs`; false if another won it. */
  async takeOver(jobId: string, chunk: number, nowMs: number): Promise<boolean> {
    const { owner, ms } = this.lease;
    const sole = this.consoleDb.dialect === 'sqlite';
    // On SQLite (one process) the earlier run's lease is void, as `lapsed` says.
    const lapsedBy = sole ? Number.MAX_SAFE_INTEGER : nowMs;
    return (
      changes(await this.statements.takeLease(jobId, chunk, owner, lapsedBy, nowMs + ms).execute(this.db)) > 0
    );
  }

  /** Holds this replica's chunk until `untilMs`; false when the lease is no longer ours (or the chunk is settled). */
  async renewLease(jobId: string, chunk: number, untilMs: number): Promise<boolean> {
    return (
      changes(await this.statements.renewLease(jobId, chunk, this.lease.owner, untilMs).execute(this.db)) > 0
    );
  }

  /**
   * Takes the next rows of a `running` job for one chunk, in one transaction: up to `maxRows` rows not yet in a
   * chunk, in row order, of which `fit` keeps a leading part (at least one row); those get a new chunk number and
   * the chunk is recorded as `sending`, leased to this replica. `undefined` when the job is no longer running or
   * has no such rows (another replica may hold the rest).
   */
  claimChunk(
    jobId: string,
    maxRows: number,
    fit: (rows: readonly ChunkRow[]) => number,
    sentAtMs: number,
  ): Promise<ClaimedChunk | undefined> {
    return this.transaction(async () => {
      if ((await this.job(jobId))?.state !== 'running') return undefined;
      const free = (await this.statements.freeRows(jobId, maxRows).execute(this.db)).rows.map(toRow);
      const rows = free.slice(0, Math.max(1, fit(free)));
      if (rows.length === 0) return undefined;
      const chunk = await this.newChunk(jobId, rows.length, sentAtMs);
      const marked = changes(
        await this.statements
          .markRows(
            chunk,
            jobId,
            rows.map((row) => row.row),
          )
          .execute(this.db),
      );
      // The rows are this transaction's (locked on PostgreSQL): anything else is a bug, and nothing may be sent.
      if (marked !== rows.length) throw new Error(`claimed ${rows.length} rows but marked ${marked}`);
      return { chunk, rows };
    });
  }

  private async newChunk(jobId: string, rows: number, sentAtMs: number): Promise<number> {
    const { owner, ms } = this.lease;
    // Each miss means another claim of this job committed that number meanwhile; far fewer than this run at once.
    for (let attempt = 0; attempt < MAX_CHUNK_NUMBER_TRIES; attempt++) {
      const inserted = await this.statements
        .insertChunk(jobId, rows, sentAtMs, owner, sentAtMs + ms)
        .execute(this.db);
      const chunk = inserted.rows[0]?.chunk;
      if (chunk !== undefined) return Number(chunk);
    }
    throw new Error(`no free chunk number for import ${jobId} after ${MAX_CHUNK_NUMBER_TRIES} tries`);
  }

  /** The rows of a chunk still waiting for their answer. */
  async chunkRows(jobId: string, chunk: number): Promise<ChunkRow[]> {
    return (await this.statements.chunkRows(jobId, chunk).execute(this.db)).rows.map(toRow);
  }

  /**
   * Stores the answer for a chunk: each answered row's status, lead id and reason; the rows in `release` back to
   * `pending` outside any chunk (never written, so they may ride in a later one); the job's counters, `sent`
   * growing by `sentRows` (the rows known to have reached Marketo: rows the access screen held back or that were
   * never sent are answered too, yet not sent); the chunk `done`. Call inside `transaction` together with the
   * audit entry. Throws `ChunkLeaseLost` (and the transaction rolls back) when the chunk's lease is another
   * replica's, or the chunk is settled already.
   */
  async storeAnswers(
    jobId: string,
    chunk: number,
    answers: readonly RowAnswer[],
    release: readonly number[],
    answeredAtMs: number,
    requestIds: readonly string[],
    sentRows: number,
  ): Promise<void> {
    // First, so the chunk's row stays locked to this transaction and no other replica takes it over meanwhile.
    const done = await this.statements
      .chunkDone(answers.length, answeredAtMs, JSON.stringify(requestIds), jobId, chunk, this.lease.owner)
      .execute(this.db);
    if (changes(done) === 0) throw new ChunkLeaseLost(jobId, chunk);
    const count = { created: 0, updated: 0, written: 0, skipped: 0, failed: 0 };
    for (const answer of answers) {
      count[answer.status] += 1;
      await this.statements
        .answerRow(
          answer.status,
          answer.leadId ?? null,
          answer.reason?.code ?? null,
          answer.reason?.message ?? null,
          jobId,
          answer.row,
          chunk,
        )
        .execute(this.db);
    }
    for (const row of release) await this.statements.releaseRow(jobId, row, chunk).execute(this.db);
    await this.statements
      .countAnswers(sentRows, count, answers.length > 0 ? answeredAtMs : null, jobId)
      .execute(this.db);
    await this.cancelIfStopped(jobId);
  }

  /**
   * Forgets a chunk Marketo refused before doing anything: its row goes, its rows return to `pending` outside
   * any chunk. In one transaction; nothing when its lease is no longer this replica's (the holder settles it).
   */
  async releaseChunk(jobId: string, chunk: number): Promise<void> {
    await this.transaction(async () => {
      if (changes(await this.statements.deleteChunk(jobId, chunk, this.lease.owner).execute(this.db)) === 0)
        return;
      await this.statements.releaseChunkRows(jobId, chunk).execute(this.db);
      await this.cancelIfStopped(jobId);
    });
  }

  /** Holds a running job until `untilMs`, saying why in `message`. */
  async pause(jobId: string, untilMs: number, message: string): Promise<void> {
    await this.statements.pause(untilMs, message, jobId).execute(this.db);
  }

  /** Clears a pause and its message (a chunk was answered). */
  async resume(jobId: string): Promise<void> {
    await this.statements.resume(jobId).execute(this.db);
  }

  /**
   * Stops a job for good: `failed` with `message`, and every row not in a chunk `cancelled` (never sent) with
   * the same words as its reason. A chunk still `sending` is settled later by reconcile. Answers the rows
   * cancelled, or `undefined` when the job was not running (ended, or being cancelled by its user, which wins). In
   * one transaction (joining one already open).
   */
  fail(jobId: string, message: string, nowMs: number): Promise<{ cancelledRows: number } | undefined> {
    return this.transaction(async () => {
      if (changes(await this.statements.fail(message, nowMs, jobId).execute(this.db)) === 0) return undefined;
      return { cancelledRows: await this.cancelIfStopped(jobId) };
    });
  }

  /** Closes the job if no row is pending: `completed`, or `cancelled` when it was `cancelling`. */
  async finishIfDone(jobId: string, nowMs: number): Promise<boolean> {
    return changes(await this.statements.finish(nowMs, jobId).execute(this.db)) > 0;
  }

  // Rows that come back to a job that is no longer running (cancelled, failed) are never sent: cancel them.
  private async cancelIfStopped(jobId: string): Promise<number> {
    const job = await this.job(jobId);
    // A cancel under way takes these rows page by page; here they would go in one long statement.
    if (!job || job.state === 'running' || cancelsInProgress.has(jobId)) return 0;
    const why = job.state === 'failed' ? await this.failureMessage(jobId) : null;
    const cancelled = changes(
      await this.statements.cancelFreeRows(why === null ? null : 'not_sent', why, jobId).execute(this.db),
    );
    if (cancelled > 0) await this.statements.countCancelled(cancelled, jobId).execute(this.db);
    return cancelled;
  }

  private async failureMessage(jobId: string): Promise<string | null> {
    const { rows } = await this.statements.message(jobId).execute(this.db);
    return rows[0]?.message ?? null;
  }
}

/** The rows a statement changed. */
function changes(result: { numAffectedRows?: bigint }): number {
  return Number(result.numAffectedRows ?? 0);
}
