// The import runner's statements over the import tables (migration 2): taking a chunk of pending rows, storing
// Marketo's answer, releasing rows that were never written, pausing and closing jobs. Every change that must land
// together runs in one transaction, so a crash leaves either the old state or the new one, never half of each.
import type { ImportAction, ImportState } from '../contract/imports';
import type { Reason } from '../contract/leads';
import type { MarketoValue } from '../marketo/types';
import type { SqliteDb } from './database';
import { cancelsInProgress } from './imports-repo';
import { type JobData, prepareStatements, type Statements, toJob, toRow } from './import-runs-statements';

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

  constructor(private readonly db: SqliteDb) {
    this.statements = prepareStatements(db);
  }

  /** Runs `work` in one transaction (nested calls become savepoints). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  job(id: string): RunJob | undefined {
    const data = this.statements.job.get(id) as JobData | undefined;
    return data && toJob(data);
  }

  /** `running` jobs with rows not yet in any chunk, paused or not, oldest first. */
  runnableJobs(): RunJob[] {
    return (this.statements.runnable.all() as JobData[]).map(toJob);
  }

  /** Unfinished jobs with no pending row left (every chunk answered or settled): ready to close. */
  finishableJobIds(): string[] {
    return (this.statements.finishable.all() as { id: string }[]).map((row) => row.id);
  }

  /** Chunks marked `sending` whose answer was never stored, oldest first. */
  sendingChunks(): SendingChunk[] {
    return this.statements.sending.all() as SendingChunk[];
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
  ): ClaimedChunk | undefined {
    return this.transaction(() => {
      if (this.job(jobId)?.state !== 'running') return undefined;
      const free = (this.statements.freeRows.all(jobId, maxRows) as { row: number; fields: string }[]).map(
        toRow,
      );
      const rows = free.slice(0, Math.max(1, fit(free)));
      const last = rows.at(-1);
      if (last === undefined) return undefined;
      const chunk = (this.statements.nextChunk.get(jobId) as { n: number }).n;
      const first = rows[0]?.row ?? last.row;
      const marked = this.statements.markRows.run(chunk, jobId, first, last.row).changes;
      this.statements.insertChunk.run(jobId, chunk, marked, sentAtMs);
      return { chunk, rows };
    });
  }

  /** The rows of a chunk still waiting for their answer. */
  chunkRows(jobId: string, chunk: number): ChunkRow[] {
    return (this.statements.chunkRows.all(jobId, chunk) as { row: number; fields: string }[]).map(toRow);
  }

  /**
   * Stores the answer for a chunk: each answered row's status, lead id and reason; the rows in `release` back to
   * `pending` outside any chunk (never written, so they may ride in a later one); the job's counters, `sent`
   * growing by `sentRows` (the rows known to have reached Marketo: rows the access screen held back or that were
   * never sent are answered too, yet not sent); the chunk `done`. Call inside `transaction` together with the
   * audit entry.
   */
  storeAnswers(
    jobId: string,
    chunk: number,
    answers: readonly RowAnswer[],
    release: readonly number[],
    answeredAtMs: number,
    requestIds: readonly string[],
    sentRows: number,
  ): void {
    const count = { created: 0, updated: 0, written: 0, skipped: 0, failed: 0 };
    for (const answer of answers) {
      count[answer.status] += 1;
      this.statements.answerRow.run(
        answer.status,
        answer.leadId ?? null,
        answer.reason?.code ?? null,
        answer.reason?.message ?? null,
        jobId,
        answer.row,
        chunk,
      );
    }
    for (const row of release) this.statements.releaseRow.run(jobId, row, chunk);
    this.statements.countAnswers.run(
      sentRows,
      count.created,
      count.updated,
      count.written,
      count.skipped,
      count.failed,
      answers.length > 0 ? answeredAtMs : null,
      jobId,
    );
    this.statements.chunkDone.run(answers.length, answeredAtMs, JSON.stringify(requestIds), jobId, chunk);
    this.cancelIfStopped(jobId);
  }

  /**
   * Forgets a chunk Marketo refused before doing anything: its row goes, its rows return to `pending` outside
   * any chunk. In one transaction.
   */
  releaseChunk(jobId: string, chunk: number): void {
    this.transaction(() => {
      this.statements.releaseChunkRows.run(jobId, chunk);
      this.statements.deleteChunk.run(jobId, chunk);
      this.cancelIfStopped(jobId);
    });
  }

  /** Holds a running job until `untilMs`, saying why in `message`. */
  pause(jobId: string, untilMs: number, message: string): void {
    this.statements.pause.run(untilMs, message, jobId);
  }

  /** Clears a pause and its message (a chunk was answered). */
  resume(jobId: string): void {
    this.statements.resume.run(jobId);
  }

  /**
   * Stops a job for good: `failed` with `message`, and every row not in a chunk `cancelled` (never sent) with
   * the same words as its reason. A chunk still `sending` is settled later by reconcile. Answers the rows
   * cancelled, or `undefined` when the job was not running (ended, or being cancelled by its user, which wins). In
   * one transaction (a savepoint inside another).
   */
  fail(jobId: string, message: string, nowMs: number): { cancelledRows: number } | undefined {
    return this.transaction(() => {
      if (this.statements.fail.run(message, nowMs, jobId).changes === 0) return undefined;
      return { cancelledRows: this.cancelIfStopped(jobId) };
    });
  }

  /** Closes the job if no row is pending: `completed`, or `cancelled` when it was `cancelling`. */
  finishIfDone(jobId: string, nowMs: number): boolean {
    return this.statements.finish.run(nowMs, jobId, jobId).changes > 0;
  }

  // Rows that come back to a job that is no longer running (cancelled, failed) are never sent: cancel them.
  private cancelIfStopped(jobId: string): number {
    const job = this.job(jobId);
    // A cancel under way takes these rows page by page; here they would go in one long statement.
    if (!job || job.state === 'running' || cancelsInProgress.has(jobId)) return 0;
    const why = job.state === 'failed' ? this.failureMessage(jobId) : null;
    const changes = this.statements.cancelFreeRows.run(why === null ? null : 'not_sent', why, jobId).changes;
    if (changes > 0) this.statements.countCancelled.run(changes, jobId);
    return changes;
  }

  private failureMessage(jobId: string): string | null {
    const row = this.statements.message.get(jobId) as { message: string | null } | undefined;
    return row?.message ?? null;
  }
}
