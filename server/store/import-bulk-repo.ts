// Storage of bulk-path imports (server/imports/bulk/README.md): each file the proxy uploads is a row of
// `import_bulk_batches`, and its rows in `import_results` carry the batch number in `chunk`, so the sync runner's
// statements (rows `pending` outside any chunk) never take them. A batch is recorded `uploading`, with its rows, in
// one transaction before the upload; its answers land in one transaction with the batch `done`.
import { sql } from 'kysely';
import type { ImportBulkBatch } from '../contract/imports';
import type { MarketoValue } from '../marketo/types';
import type { ImportBulkBatchesTable } from './schema';
import type { ConsoleDb } from './kysely';
import type { ChunkRow, RowAnswer } from './import-runs-repo';
import { executor, inTransaction } from './transaction';

export type BulkBatchState = ImportBulkBatchesTable['state'];

/** A stored batch, as the bulk worker needs it. */
export interface BulkBatchRecord {
  jobId: string;
  batch: number;
  state: BulkBatchState;
  rows: number;
  uploadedBy: string;
  auditId: number | null;
  marketoBatchId: number | null;
  marketoStatus: string | null;
  processed: number;
  failed: number;
  warned: number;
  message: string | null;
  polls: number;
  nextPollAtMs: number | null;
  createdAtMs: number;
}

/** Marketo's last word on a batch. */
export interface BulkBatchProgress {
  marketoStatus: string;
  processed: number;
  failed: number;
  warned: number;
  message: string | null;
}

/** Rows read per page when a file is built. */
const FILE_PAGE_ROWS = 1_000;

/** Thrown inside `claimBatch`'s transaction to undo it when another batch took some of its rows. */
class RowsTaken extends Error {
  override name = 'RowsTaken';
}

export class ImportBulkRepo {
  constructor(private readonly consoleDb: ConsoleDb) {}

  private get db() {
    return executor(this.consoleDb);
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction(this.consoleDb, work);
  }

  /** The job's path; `sync` for a job unknown here. */
  async path(jobId: string): Promise<'sync' | 'bulk'> {
    const row = await this.db
      .selectFrom('import_jobs')
      .select('path')
      .where('id', '=', jobId)
      .executeTakeFirst();
    return row?.path ?? 'sync';
  }

  async setPath(jobId: string, path: 'sync' | 'bulk'): Promise<void> {
    await this.db.updateTable('import_jobs').set({ path }).where('id', '=', jobId).execute();
  }

  /** The REST fields the job's mapping fills, each once, in column order: a file's header. */
  async mappedFields(jobId: string): Promise<string[]> {
    const row = await this.db
      .selectFrom('import_jobs')
      .select('mapping')
      .where('id', '=', jobId)
      .executeTakeFirst();
    const mapping = row ? (JSON.parse(row.mapping) as (string | null)[]) : [];
    return [...new Set(mapping.filter((field): field is string => field !== null))];
  }

  /** Rows of a job not yet in any batch, in row order after `afterRow`, one page. */
  async freeRows(jobId: string, afterRow: number): Promise<ChunkRow[]> {
    const { rows } = await sql<{ row: number; fields: string }>`
      SELECT row, fields FROM import_results
      WHERE job_id = ${jobId} AND status = 'pending' AND chunk IS NULL AND row > ${afterRow}
      ORDER BY row LIMIT ${FILE_PAGE_ROWS}`.execute(this.db);
    return rows.map((row) => ({
      row: row.row,
      fields: JSON.parse(row.fields) as Record<string, MarketoValue>,
    }));
  }

  /**
   * Records batch `batch` as `uploading` and gives it the free rows `rows` (their row numbers), in one transaction,
   * only while the job is `running`. False, with nothing recorded, when the job is no longer running or another
   * replica claimed the batch number or any of the rows first: a file never goes out with rows another batch holds.
   */
  async claimBatch(
    claim: { jobId: string; batch: number; rows: readonly number[]; bytes: number; uploadedBy: string },
    nowMs: number,
    openAudit: () => Promise<number>,
  ): Promise<boolean> {
    const claimed = this.transaction(async () => {
      const job = await this.db
        .selectFrom('import_jobs')
        .select('state')
        .where('id', '=', claim.jobId)
        .executeTakeFirst();
      if (job?.state !== 'running') return false;
      const inserted = await this.db
        .insertInto('import_bulk_batches')
        .values({
          job_id: claim.jobId,
          batch: claim.batch,
          state: 'uploading',
          rows: claim.rows.length,
          bytes: claim.bytes,
          uploaded_by: claim.uploadedBy,
          created_at_ms: nowMs,
        })
        .onConflict((conflict) => conflict.columns(['job_id', 'batch']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      let marked = 0;
      for (let start = 0; start < claim.rows.length; start += 500) {
        const page = claim.rows.slice(start, start + 500);
        const result = await this.db
          .updateTable('import_results')
          .set({ chunk: claim.batch })
          .where('job_id', '=', claim.jobId)
          .where('status', '=', 'pending')
          .where('chunk', 'is', null)
          .where('row', 'in', page)
          .executeTakeFirst();
        marked += Number(result.numUpdatedRows);
      }
      // Rolls the batch back: the rows went to another replica's batch after this one read them as free.
      if (marked !== claim.rows.length) throw new RowsTaken();
      // The pending audit entry lands with the claim: a batch is never uploaded without one.
      const auditId = await openAudit();
      await this.db
        .updateTable('import_bulk_batches')
        .set({ audit_id: auditId })
        .where('job_id', '=', claim.jobId)
        .where('batch', '=', claim.batch)
        .execute();
      return true;
    });
    return claimed.catch((error: unknown) => {
      if (error instanceof RowsTaken) return false;
      throw error;
    });
  }

  /** The next batch number of a job. */
  async nextBatch(jobId: string): Promise<number> {
    const row = await this.db
      .selectFrom('import_bulk_batches')
      .select((eb) => eb.fn.max('batch').as('last'))
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return Number(row?.last ?? 0) + 1;
  }

  /** Marketo accepted the upload: its batch id, `queued`, first look at `nextPollAtMs`. */
  async uploaded(jobId: string, batch: number, marketoBatchId: number, nextPollAtMs: number): Promise<void> {
    await this.db
      .updateTable('import_bulk_batches')
      .set({
        state: 'queued',
        marketo_batch_id: marketoBatchId,
        marketo_status: 'Queued',
        next_poll_at_ms: nextPollAtMs,
      })
      .where('job_id', '=', jobId)
      .where('batch', '=', batch)
      .where('state', '=', 'uploading')
      .execute();
  }

  /**
   * Marketo refused the upload before taking it (1016, 606, 615…): the batch goes, its rows return to the job's
   * free rows, and its pending audit entry is closed by `closeAudit`; in one transaction.
   */
  async withdraw(
    jobId: string,
    batch: number,
    closeAudit: (auditId: number) => Promise<void>,
  ): Promise<void> {
    await this.transaction(async () => {
      const record = await this.batch(jobId, batch);
      if (record?.state !== 'uploading') return;
      await this.db
        .updateTable('import_results')
        .set({ chunk: null })
        .where('job_id', '=', jobId)
        .where('chunk', '=', batch)
        .where('status', '=', 'pending')
        .execute();
      await this.db
        .deleteFrom('import_bulk_batches')
        .where('job_id', '=', jobId)
        .where('batch', '=', batch)
        .execute();
      if (record.auditId !== null) await closeAudit(record.auditId);
    });
  }

  /** The upload's answer is lost: nothing is sent again until someone decides (README "Lost answers"). */
  async markUnknown(jobId: string, batch: number, message: string): Promise<void> {
    await this.db
      .updateTable('import_bulk_batches')
      .set({ state: 'unknown', message })
      .where('job_id', '=', jobId)
      .where('batch', '=', batch)
      .where('state', '=', 'uploading')
      .execute();
  }

  /**
   * Hands a batch whose upload answer was lost to the sync path's reconcile (server/imports/reconcile.ts): a
   * `sending` chunk of the same number, with no lease, whose rows are read back by lookup; those Marketo holds are
   * `written`, the others return to the job's free rows for a later file. The batch is `done`, its message says
   * so. In one transaction with `closeAudit`; false when the batch is no longer `unknown`.
   */
  async handToLookup(
    batch: BulkBatchRecord,
    nowMs: number,
    message: string,
    closeAudit: () => Promise<void>,
  ): Promise<boolean> {
    return this.transaction(async () => {
      const done = await this.db
        .updateTable('import_bulk_batches')
        .set({ state: 'done', message, answered_at_ms: nowMs })
        .where('job_id', '=', batch.jobId)
        .where('batch', '=', batch.batch)
        .where('state', '=', 'unknown')
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) return false;
      await this.db
        .insertInto('import_chunks')
        .values({
          job_id: batch.jobId,
          chunk: batch.batch,
          state: 'sending',
          rows: batch.rows,
          sent_at_ms: batch.createdAtMs,
          lease_owner: null,
          lease_expires_at_ms: null,
        })
        .execute();
      await closeAudit();
      return true;
    });
  }

  async progress(
    jobId: string,
    batch: number,
    progress: BulkBatchProgress,
    nextPollAtMs: number,
  ): Promise<void> {
    await this.db
      .updateTable('import_bulk_batches')
      .set((eb) => ({
        state: progress.marketoStatus === 'Queued' ? 'queued' : 'importing',
        marketo_status: progress.marketoStatus,
        processed: progress.processed,
        failed: progress.failed,
        warned: progress.warned,
        message: progress.message,
        polls: eb('polls', '+', 1),
        next_poll_at_ms: nextPollAtMs,
      }))
      .where('job_id', '=', jobId)
      .where('batch', '=', batch)
      .where('state', 'in', ['queued', 'importing'])
      .execute();
  }

  /** Moves the first look at a batch not yet asked about (the job's pace changed, server/imports/bulk/poll-plan.ts). */
  async reschedule(jobId: string, batch: number, nextPollAtMs: number): Promise<void> {
    await this.db
      .updateTable('import_bulk_batches')
      .set({ next_poll_at_ms: nextPollAtMs })
      .where('job_id', '=', jobId)
      .where('batch', '=', batch)
      .where('polls', '=', 0)
      .where('state', '=', 'queued')
      .execute();
  }

  /** Waits `nextPollAtMs` before the batch is asked about again (its status call failed). */
  async deferPoll(jobId: string, batch: number, nextPollAtMs: number): Promise<void> {
    await this.db
      .updateTable('import_bulk_batches')
      .set((eb) => ({ next_poll_at_ms: nextPollAtMs, polls: eb('polls', '+', 1) }))
      .where('job_id', '=', jobId)
      .where('batch', '=', batch)
      .execute();
  }

  async batch(jobId: string, batch: number): Promise<BulkBatchRecord | undefined> {
    const row = await this.db
      .selectFrom('import_bulk_batches')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('batch', '=', batch)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Every batch not yet answered, of every job, oldest first. */
  async openBatches(): Promise<BulkBatchRecord[]> {
    const rows = await this.db
      .selectFrom('import_bulk_batches')
      .selectAll()
      .where('state', '!=', 'done')
      .orderBy('created_at_ms')
      .orderBy('job_id')
      .orderBy('batch')
      .execute();
    return rows.map(toRecord);
  }

  /** A job's batches in order, as the job page shows them. */
  async jobBatches(jobId: string): Promise<ImportBulkBatch[]> {
    const rows = await this.db
      .selectFrom('import_bulk_batches')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('batch')
      .execute();
    return rows.map((row) => ({
      batch: row.batch,
      rows: row.rows,
      state: viewState(row),
      marketoBatchId: row.marketo_batch_id === null ? null : Number(row.marketo_batch_id),
      processed: row.processed,
      failed: row.failed,
      warned: row.warned,
      message: row.message,
    }));
  }

  /** The lookup value of each row of a batch, as its file carried it. */
  async batchRows(jobId: string, batch: number): Promise<ChunkRow[]> {
    const { rows } = await sql<{ row: number; fields: string }>`
      SELECT row, fields FROM import_results
      WHERE job_id = ${jobId} AND chunk = ${batch} AND status = 'pending' ORDER BY row`.execute(this.db);
    return rows.map((row) => ({
      row: row.row,
      fields: JSON.parse(row.fields) as Record<string, MarketoValue>,
    }));
  }

  /**
   * Stores a finished batch: the rows in `answers` as given, every other row of the batch `written`, the job's
   * counters, the batch `done` with Marketo's last word. Inside the caller's transaction (with the audit entry);
   * false (nothing changed) when the batch was already settled, by another replica say.
   */
  async finish(
    jobId: string,
    batch: number,
    answers: readonly RowAnswer[],
    progress: BulkBatchProgress,
    nowMs: number,
  ): Promise<{ written: number } | undefined> {
    const done = await this.db
      .updateTable('import_bulk_batches')
      .set({
        state: 'done',
        marketo_status: progress.marketoStatus,
        processed: progress.processed,
        failed: progress.failed,
        warned: progress.warned,
        message: progress.message,
        answered_at_ms: nowMs,
        next_poll_at_ms: null,
      })
      .where('job_id', '=', jobId)
      .where('batch', '=', batch)
      .where('state', 'in', ['queued', 'importing'])
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return undefined;
    const count = { created: 0, updated: 0, written: 0, skipped: 0, failed: 0 };
    for (const answer of answers) {
      count[answer.status] += 1;
      await this.db
        .updateTable('import_results')
        .set({
          status: answer.status,
          lead_id: answer.leadId ?? null,
          reason_code: answer.reason?.code ?? null,
          reason_message: answer.reason?.message ?? null,
        })
        .where('job_id', '=', jobId)
        .where('row', '=', answer.row)
        .where('chunk', '=', batch)
        .where('status', '=', 'pending')
        .execute();
    }
    // Neither failed nor warned: imported. One statement for the rest of the file (at most ~100,000 rows).
    const rest = await this.db
      .updateTable('import_results')
      .set({ status: 'written', reason_code: 'created_or_updated', reason_message: BULK_WRITTEN })
      .where('job_id', '=', jobId)
      .where('chunk', '=', batch)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    const written = count.written + Number(rest.numUpdatedRows);
    const answered = answers.length + Number(rest.numUpdatedRows);
    await sql`UPDATE import_jobs SET sent = sent + ${answered}, created = created + ${count.created},
        updated = updated + ${count.updated}, written = written + ${written},
        skipped = skipped + ${count.skipped}, failed = failed + ${count.failed},
        first_answer_at_ms = COALESCE(first_answer_at_ms, ${nowMs}), paused_until_ms = NULL, message = NULL
      WHERE id = ${jobId}`.execute(this.db);
    return { written };
  }
}

/** The reason a bulk-imported row carries: Marketo's bulk answer never says created or updated. */
export const BULK_WRITTEN =
  "Imported by Marketo's Bulk Import, which does not say whether the lead was created or updated";

function viewState(row: { state: BulkBatchState; marketo_status: string | null }): ImportBulkBatch['state'] {
  if (row.state !== 'done') return row.state;
  // Settled by lookup after its upload's answer was lost: Marketo never told its state.
  if (row.marketo_status === null) return 'unknown';
  return row.marketo_status === 'Failed' ? 'failed' : 'complete';
}

function toRecord(row: {
  job_id: string;
  batch: number;
  state: BulkBatchState;
  rows: number;
  uploaded_by: string;
  audit_id: number | null;
  marketo_batch_id: number | null;
  marketo_status: string | null;
  processed: number;
  failed: number;
  warned: number;
  message: string | null;
  polls: number;
  next_poll_at_ms: number | null;
  created_at_ms: number;
}): BulkBatchRecord {
  return {
    jobId: row.job_id,
    batch: row.batch,
    state: row.state,
    rows: row.rows,
    uploadedBy: row.uploaded_by,
    auditId: row.audit_id === null ? null : Number(row.audit_id),
    marketoBatchId: row.marketo_batch_id === null ? null : Number(row.marketo_batch_id),
    marketoStatus: row.marketo_status,
    processed: row.processed,
    failed: row.failed,
    warned: row.warned,
    message: row.message,
    polls: row.polls,
    nextPollAtMs: row.next_poll_at_ms === null ? null : Number(row.next_poll_at_ms),
    createdAtMs: Number(row.created_at_ms),
  };
}
