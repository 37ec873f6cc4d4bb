// The import runner's statements over the import tables (migrations.ts `imports`): taking a chunk of pending rows, storing
// Marketo's answer, releasing rows that were never written, pausing and closing jobs. Every change that must land
// together runs in one transaction, so a crash leaves either the old state or the new one, never half of each.
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
}

/** A pending row: its spreadsheet row number and the lead to send. */
export interface ChunkRow {
  row: number;
  fields: Record<string, MarketoValue>;
}

/** A chunk recorded as `sending` whose answer was never stored. */
export interface SendingChunk {
  jobId: string;
  chunk: number;
  sentAtMs: number;
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

  constructor(private readonly consoleDb: ConsoleDb) {
    this.statements = statementsFor(consoleDb);
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

  /** Chunks marked `sending` whose answer was never stored, oldest first. */
  async sendingChunks(): Promise<SendingChunk[]> {
    return (await this.statements.sending().execute(this.db)).rows;
  }

  /**
   * Takes the next rows of a `running` job for one chunk, in one transaction: up to `maxRows` rows not yet in a
   * chunk, in row order, of which `fit` keeps a leading part (at least one row); those get a new chunk number and
   * the chunk is recorded as `sending`. `undefined` when the job is no longer running or has no such rows.
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
      const last = rows.at(-1);
      if (last === undefined) return undefined;
      const chunk = Number((await this.statements.nextChunk(jobId).execute(this.db)).rows[0]!.n);
      const first = rows[0]?.row ?? last.row;
      const marked = await this.statements.markRows(chunk, jobId, first, last.row).execute(this.db);
      await this.statements.insertChunk(jobId, chunk, changes(marked), sentAtMs).execute(this.db);
      return { chunk, rows };
    });
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
   * audit entry.
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
    await this.statements
      .chunkDone(answers.length, answeredAtMs, JSON.stringify(requestIds), jobId, chunk)
      .execute(this.db);
    await this.cancelIfStopped(jobId);
  }

  /**
   * Forgets a chunk Marketo refused before doing anything: its row goes, its rows return to `pending` outside
   * any chunk. In one transaction.
   */
  async releaseChunk(jobId: string, chunk: number): Promise<void> {
    await this.transaction(async () => {
      await this.statements.releaseChunkRows(jobId, chunk).execute(this.db);
      await this.statements.deleteChunk(jobId, chunk).execute(this.db);
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
