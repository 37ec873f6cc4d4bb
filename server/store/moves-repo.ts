// Bulk move jobs (server/moves/README.md) in the console database: `move_jobs`, `move_rows`, `move_chunks` (the
// `move_jobs` step of migrations.ts). What must land together runs in one transaction: a chunk claimed as
// `sending`, or its answer with every row's status and the chunk `done`. A `sending` chunk is leased to the replica
// that claimed it, as an import chunk is (import-runs-repo.ts).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { MoveInputKind, MoveRowStatus, MoveState } from '../contract/moves';
import { ChunkLeaseLost, DEFAULT_LEASE_MS, type ChunkLease, type SendingChunk } from './import-runs-repo';
import type { ConsoleDb } from './kysely';
import { executor, inTransaction } from './transaction';

export interface MoveJobRecord {
  id: string;
  userId: number | null;
  userEmail: string;
  target: string;
  kind: MoveInputKind;
  undoOf: string | null;
  /** The Activity entry of a single move this job undoes (server/moves/undo-entry.ts). */
  undoOfEntry: number | null;
  state: MoveState;
  message: string | null;
  pausedUntilMs: number | null;
  createdAtMs: number;
  startedAtMs: number | null;
  finishedAtMs: number | null;
  total: number;
}

export interface MoveRowRecord {
  row: number;
  value: string;
  status: MoveRowStatus;
  leadId: number | null;
  fromPartitionId: number | null;
  toName: string | null;
  /** JSON `[{ id, partitionId }]` of an ambiguous email. */
  candidates: { id: number; partitionId: number }[] | null;
  reasonCode: string | null;
  reasonMessage: string | null;
  chunk: number | null;
}

export interface NewMoveRow {
  row: number;
  value: string;
  status: MoveRowStatus;
  leadId?: number;
  fromPartitionId?: number;
  toName?: string;
}

/** What a lookup made of an unresolved row. */
export interface Resolution {
  row: number;
  status: 'not_found' | 'ambiguous' | 'in_target' | 'ready';
  leadId?: number;
  fromPartitionId?: number;
  candidates?: { id: number; partitionId: number }[];
}

/** The answer for one row of a chunk. */
export interface MoveAnswer {
  row: number;
  status: 'moved' | 'skipped' | 'failed';
  reason?: { code: string; message: string } | undefined;
}

interface JobData {
  id: string;
  user_id: number | null;
  user_email: string;
  target_name: string;
  input_kind: MoveInputKind;
  undo_of: string | null;
  undo_of_entry: number | null;
  state: MoveState;
  message: string | null;
  paused_until_ms: number | null;
  created_at_ms: number;
  started_at_ms: number | null;
  finished_at_ms: number | null;
  total: number;
}

interface RowData {
  row: number;
  value: string;
  status: MoveRowStatus;
  lead_id: number | null;
  from_partition_id: number | null;
  to_name: string | null;
  candidates: string | null;
  reason_code: string | null;
  reason_message: string | null;
  chunk: number | null;
}

const num = (value: number | string | null): number | null => (value === null ? null : Number(value));

function toJob(data: JobData): MoveJobRecord {
  return {
    id: data.id,
    userId: data.user_id,
    userEmail: data.user_email,
    target: data.target_name,
    kind: data.input_kind,
    undoOf: data.undo_of,
    undoOfEntry: num(data.undo_of_entry),
    state: data.state,
    message: data.message,
    pausedUntilMs: num(data.paused_until_ms),
    createdAtMs: Number(data.created_at_ms),
    startedAtMs: num(data.started_at_ms),
    finishedAtMs: num(data.finished_at_ms),
    total: Number(data.total),
  };
}

function toRow(data: RowData): MoveRowRecord {
  return {
    row: Number(data.row),
    value: data.value,
    status: data.status,
    leadId: num(data.lead_id),
    fromPartitionId: num(data.from_partition_id),
    toName: data.to_name,
    candidates:
      data.candidates === null ? null : (JSON.parse(data.candidates) as MoveRowRecord['candidates']),
    reasonCode: data.reason_code,
    reasonMessage: data.reason_message,
    chunk: num(data.chunk),
  };
}

interface SendingData {
  job_id: string;
  chunk: number;
  sent_at_ms: number;
  lease_owner: string | null;
  lease_expires_at_ms: number | null;
}

/** Thrown inside a claim's transaction to roll it back when its rows were taken by another claim. */
class ClaimRace extends Error {}

const changes = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0);
/** Rows written per transaction when a list is stored, and per statement when a cancel frees rows. */
export const MOVE_PAGE_ROWS = 1_000;
// A job whose rows are still being stored has total 0: nothing looks it up or moves it yet.
const OPENED = sql`j.total > 0`;

export class MovesRepo {
  readonly lease: ChunkLease;

  constructor(
    private readonly consoleDb: ConsoleDb,
    lease: Partial<ChunkLease> = {},
  ) {
    this.lease = { owner: lease.owner ?? randomUUID(), ms: lease.ms ?? DEFAULT_LEASE_MS };
  }

  private get db() {
    return executor(this.consoleDb);
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction(this.consoleDb, work);
  }

  async createJob(job: {
    id: string;
    userId: number;
    userEmail: string;
    target: string;
    kind: MoveInputKind;
    undoOf: string | null;
    undoOfEntry?: number | undefined;
    state: MoveState;
    nowMs: number;
  }): Promise<void> {
    await sql`INSERT INTO move_jobs (id, user_id, user_email, target_name, input_kind, undo_of, undo_of_entry, state,
        created_at_ms, started_at_ms, total)
      VALUES (${job.id}, ${job.userId}, ${job.userEmail}, ${job.target}, ${job.kind}, ${job.undoOf},
        ${job.undoOfEntry ?? null}, ${job.state}, ${job.nowMs}, ${job.state === 'running' ? job.nowMs : null}, 0)`.execute(
      this.db,
    );
  }

  /** The job undoing the single move recorded as Activity entry `entryId`, if there is one. */
  async entryUndoneBy(entryId: number): Promise<string | null> {
    const { rows } = await sql<{
      id: string;
    }>`SELECT id FROM move_jobs WHERE undo_of_entry = ${entryId}`.execute(this.db);
    return rows[0]?.id ?? null;
  }

  async insertRows(jobId: string, rows: readonly NewMoveRow[]): Promise<void> {
    await this.transaction(async () => {
      for (const row of rows) {
        await sql`INSERT INTO move_rows (job_id, row, value, status, lead_id, from_partition_id, to_name)
          VALUES (${jobId}, ${row.row}, ${row.value}, ${row.status}, ${row.leadId ?? null},
            ${row.fromPartitionId ?? null}, ${row.toName ?? null})`.execute(this.db);
      }
    });
  }

  /** Opens a job whose rows are all stored: from now on it is listed, resolved and run. */
  async open(jobId: string, total: number): Promise<void> {
    await sql`UPDATE move_jobs SET total = ${total} WHERE id = ${jobId}`.execute(this.db);
  }

  /** Removes a job that was never opened (its list could not be stored), rows first. */
  async discard(jobId: string): Promise<void> {
    await this.transaction(async () => {
      await sql`DELETE FROM move_rows WHERE job_id = ${jobId}`.execute(this.db);
      await sql`DELETE FROM move_jobs WHERE id = ${jobId} AND total = 0`.execute(this.db);
    });
  }

  async job(id: string): Promise<MoveJobRecord | undefined> {
    const { rows } = await sql<JobData>`SELECT * FROM move_jobs j WHERE j.id = ${id} AND ${OPENED}`.execute(
      this.db,
    );
    return rows[0] && toJob(rows[0]);
  }

  /** Newest first; only `userId`'s when given. */
  async recentJobs(userId: number | undefined, limit: number): Promise<MoveJobRecord[]> {
    const mine = userId === undefined ? sql`1 = 1` : sql`j.user_id = ${userId}`;
    const { rows } = await sql<JobData>`SELECT * FROM move_jobs j WHERE ${OPENED} AND ${mine}
      ORDER BY j.created_at_ms DESC, j.id DESC LIMIT ${limit}`.execute(this.db);
    return rows.map(toJob);
  }

  /** The undo job of `jobId`, if one was made. */
  async undoneBy(jobId: string): Promise<string | null> {
    const { rows } = await sql<{ id: string }>`SELECT id FROM move_jobs WHERE undo_of = ${jobId}`.execute(
      this.db,
    );
    return rows[0]?.id ?? null;
  }

  async counts(jobId: string): Promise<Partial<Record<MoveRowStatus, number>>> {
    const { rows } = await sql<{ status: MoveRowStatus; n: number }>`
      SELECT status, COUNT(*) AS n FROM move_rows WHERE job_id = ${jobId} GROUP BY status`.execute(this.db);
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  }

  /** Rows to move or moved, per source partition id. */
  async bySource(jobId: string): Promise<{ partitionId: number; count: number }[]> {
    const { rows } = await sql<{ partition_id: number; n: number }>`
      SELECT from_partition_id AS partition_id, COUNT(*) AS n FROM move_rows
      WHERE job_id = ${jobId} AND status IN ('ready', 'pending', 'moved') AND from_partition_id IS NOT NULL
      GROUP BY from_partition_id ORDER BY from_partition_id`.execute(this.db);
    return rows.map((row) => ({ partitionId: Number(row.partition_id), count: Number(row.n) }));
  }

  async rows(
    jobId: string,
    status: MoveRowStatus | undefined,
    offset: number,
    limit: number,
  ): Promise<{ rows: MoveRowRecord[]; total: number }> {
    const filter = status === undefined ? sql`1 = 1` : sql`status = ${status}`;
    const { rows } = await sql<RowData>`SELECT * FROM move_rows WHERE job_id = ${jobId} AND ${filter}
      ORDER BY row LIMIT ${limit} OFFSET ${offset}`.execute(this.db);
    const { rows: counted } = await sql<{ n: number }>`
      SELECT COUNT(*) AS n FROM move_rows WHERE job_id = ${jobId} AND ${filter}`.execute(this.db);
    return { rows: rows.map(toRow), total: Number(counted[0]?.n ?? 0) };
  }

  /** Rows after `afterRow`, in order (keyset pages for the download). */
  async rowsAfter(jobId: string, afterRow: number, limit: number): Promise<MoveRowRecord[]> {
    const { rows } = await sql<RowData>`SELECT * FROM move_rows WHERE job_id = ${jobId} AND row > ${afterRow}
      ORDER BY row LIMIT ${limit}`.execute(this.db);
    return rows.map(toRow);
  }

  /** The next `limit` rows after `afterRow` of one status and, optionally, one reason code. */
  async rowsMatchingAfter(
    jobId: string,
    filter: { status?: MoveRowStatus | undefined; reasonCode?: string | undefined },
    afterRow: number,
    limit: number,
  ): Promise<MoveRowRecord[]> {
    const byStatus = filter.status === undefined ? sql`` : sql`AND status = ${filter.status}`;
    const byReason = filter.reasonCode === undefined ? sql`` : sql`AND reason_code = ${filter.reasonCode}`;
    const { rows } = await sql<RowData>`SELECT * FROM move_rows
      WHERE job_id = ${jobId} AND row > ${afterRow} ${byStatus} ${byReason}
      ORDER BY row LIMIT ${limit}`.execute(this.db);
    return rows.map(toRow);
  }

  async row(jobId: string, row: number): Promise<MoveRowRecord | undefined> {
    const { rows } =
      await sql<RowData>`SELECT * FROM move_rows WHERE job_id = ${jobId} AND row = ${row}`.execute(this.db);
    return rows[0] && toRow(rows[0]);
  }

  // --- Preview ---

  async resolvingJobs(): Promise<MoveJobRecord[]> {
    const { rows } = await sql<JobData>`SELECT * FROM move_jobs j WHERE j.state = 'resolving' AND ${OPENED}
      ORDER BY j.created_at_ms, j.id`.execute(this.db);
    return rows.map(toJob);
  }

  async unresolvedRows(jobId: string, limit: number): Promise<MoveRowRecord[]> {
    const { rows } = await sql<RowData>`SELECT * FROM move_rows
      WHERE job_id = ${jobId} AND status = 'unresolved' ORDER BY row LIMIT ${limit}`.execute(this.db);
    return rows.map(toRow);
  }

  /** Stores what lookups made of rows; the job is `previewed` once none is left unresolved. In one transaction. */
  async storeResolutions(jobId: string, resolutions: readonly Resolution[]): Promise<void> {
    await this.transaction(async () => {
      for (const r of resolutions) {
        await sql`UPDATE move_rows SET status = ${r.status}, lead_id = ${r.leadId ?? null},
            from_partition_id = ${r.fromPartitionId ?? null},
            candidates = ${r.candidates ? JSON.stringify(r.candidates) : null}
          WHERE job_id = ${jobId} AND row = ${r.row} AND status = 'unresolved'`.execute(this.db);
      }
      await sql`UPDATE move_jobs SET state = 'previewed' WHERE id = ${jobId} AND state = 'resolving'
        AND NOT EXISTS (SELECT 1 FROM move_rows WHERE job_id = ${jobId} AND status = 'unresolved')`.execute(
        this.db,
      );
    });
  }

  /** An ambiguous row settled by the user's choice of candidate. */
  async choose(jobId: string, row: number, resolution: Resolution): Promise<boolean> {
    const result =
      await sql`UPDATE move_rows SET status = ${resolution.status}, lead_id = ${resolution.leadId ?? null},
        from_partition_id = ${resolution.fromPartitionId ?? null}
      WHERE job_id = ${jobId} AND row = ${row} AND status = 'ambiguous'
        AND EXISTS (SELECT 1 FROM move_jobs WHERE id = ${jobId} AND state = 'previewed')`.execute(this.db);
    return changes(result) > 0;
  }

  /** Whether `leadId` is already another row's lead in the job (a choice must not move a lead twice). */
  async hasLead(jobId: string, leadId: number): Promise<boolean> {
    const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM move_rows
      WHERE job_id = ${jobId} AND lead_id = ${leadId} AND status IN ('ready', 'in_target')`.execute(this.db);
    return Number(rows[0]?.n ?? 0) > 0;
  }

  /** `previewed` → `running`: ready rows become pending, bound for the target. False when not previewed. */
  async start(jobId: string, nowMs: number): Promise<boolean> {
    return this.transaction(async () => {
      const started = await sql`UPDATE move_jobs SET state = 'running', started_at_ms = ${nowMs}
        WHERE id = ${jobId} AND state = 'previewed'`.execute(this.db);
      if (changes(started) === 0) return false;
      await sql`UPDATE move_rows SET status = 'pending',
          to_name = (SELECT target_name FROM move_jobs WHERE id = ${jobId})
        WHERE job_id = ${jobId} AND status = 'ready'`.execute(this.db);
      return true;
    });
  }

  // --- Run ---

  /** `running` jobs with pending rows outside any chunk, paused or not, oldest first. */
  async runnableJobs(): Promise<MoveJobRecord[]> {
    const { rows } = await sql<JobData>`SELECT * FROM move_jobs j WHERE j.state = 'running' AND ${OPENED}
      AND EXISTS (SELECT 1 FROM move_rows r WHERE r.job_id = j.id AND r.status = 'pending' AND r.chunk IS NULL)
      ORDER BY j.created_at_ms, j.id`.execute(this.db);
    return rows.map(toJob);
  }

  /** Chunks marked `sending` whose answer is not stored yet (in flight somewhere, or lost), oldest first. */
  async sendingChunks(): Promise<SendingChunk[]> {
    const { rows } = await sql<SendingData>`
      SELECT job_id, chunk, sent_at_ms, lease_owner, lease_expires_at_ms FROM move_chunks WHERE state = 'sending'
      ORDER BY sent_at_ms, job_id, chunk`.execute(this.db);
    return rows.map((row) => ({
      jobId: row.job_id,
      chunk: Number(row.chunk),
      sentAtMs: Number(row.sent_at_ms),
      leaseOwner: row.lease_owner,
      leaseExpiresAtMs: num(row.lease_expires_at_ms),
    }));
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
    // On SQLite (one process) the earlier run's lease is void, as `lapsed` says.
    const lapsedBy = this.consoleDb.dialect === 'sqlite' ? Number.MAX_SAFE_INTEGER : nowMs;
    const taken = await sql`UPDATE move_chunks SET lease_owner = ${owner}, lease_expires_at_ms = ${nowMs + ms}
      WHERE job_id = ${jobId} AND chunk = ${chunk} AND state = 'sending'
        AND (lease_owner IS NULL OR lease_owner = ${owner} OR lease_expires_at_ms IS NULL
             OR lease_expires_at_ms <= ${lapsedBy})`.execute(this.db);
    return changes(taken) > 0;
  }

  /** Holds this replica's chunk until `untilMs`; false when the lease is no longer ours (or the chunk is settled). */
  async renewLease(jobId: string, chunk: number, untilMs: number): Promise<boolean> {
    const renewed = await sql`UPDATE move_chunks SET lease_expires_at_ms = ${untilMs}
      WHERE job_id = ${jobId} AND chunk = ${chunk} AND state = 'sending'
        AND lease_owner = ${this.lease.owner}`.execute(this.db);
    return changes(renewed) > 0;
  }

  /** The next pending rows of a running job as one chunk, recorded `sending`, in one transaction. */
  async claimChunk(
    jobId: string,
    maxRows: number,
    nowMs: number,
  ): Promise<{ chunk: number; rows: MoveRowRecord[] } | undefined> {
    try {
      return await this.claimOnce(jobId, maxRows, nowMs);
    } catch (error) {
      if (error instanceof ClaimRace) return undefined;
      throw error;
    }
  }

  private claimOnce(
    jobId: string,
    maxRows: number,
    nowMs: number,
  ): Promise<{ chunk: number; rows: MoveRowRecord[] } | undefined> {
    return this.transaction(async () => {
      if ((await this.job(jobId))?.state !== 'running') return undefined;
      const { rows } = await sql<RowData>`SELECT * FROM move_rows
        WHERE job_id = ${jobId} AND status = 'pending' AND chunk IS NULL ORDER BY row LIMIT ${maxRows}`.execute(
        this.db,
      );
      const last = rows.at(-1);
      if (!last) return undefined;
      const { rows: next } = await sql<{ n: number }>`
        SELECT COALESCE(MAX(chunk), 0) + 1 AS n FROM move_chunks WHERE job_id = ${jobId}`.execute(this.db);
      const chunk = Number(next[0]!.n);
      const marked = await sql`UPDATE move_rows SET chunk = ${chunk}
        WHERE job_id = ${jobId} AND status = 'pending' AND chunk IS NULL
          AND row BETWEEN ${rows[0]!.row} AND ${last.row}`.execute(this.db);
      // Another replica took some of these rows meanwhile (PostgreSQL re-checks `chunk IS NULL` on update): send
      // none of them; the transaction rolls back, and the next turn claims afresh.
      if (changes(marked) !== rows.length) throw new ClaimRace();
      await sql`INSERT INTO move_chunks (job_id, chunk, state, rows, sent_at_ms, lease_owner, lease_expires_at_ms)
        VALUES (${jobId}, ${chunk}, 'sending', ${changes(marked)}, ${nowMs}, ${this.lease.owner},
          ${nowMs + this.lease.ms})`.execute(this.db);
      return { chunk, rows: rows.map(toRow) };
    });
  }

  async chunkRows(jobId: string, chunk: number): Promise<MoveRowRecord[]> {
    const { rows } = await sql<RowData>`SELECT * FROM move_rows
      WHERE job_id = ${jobId} AND chunk = ${chunk} AND status = 'pending' ORDER BY row`.execute(this.db);
    return rows.map(toRow);
  }

  /**
   * A chunk's answer: each row's status and reason, the `release` rows back to pending outside any chunk, the
   * chunk `done`, and the job closed when nothing is pending. Call inside `transaction` with the audit entry.
   * Throws `ChunkLeaseLost` (and the transaction rolls back) when the chunk is no longer leased to this replica:
   * another took it over and settles it by lookup.
   */
  async storeAnswers(
    jobId: string,
    chunk: number,
    answers: readonly MoveAnswer[],
    release: readonly number[],
    requestIds: readonly string[],
    nowMs: number,
  ): Promise<void> {
    const done = await sql`UPDATE move_chunks SET state = 'done', rows = ${answers.length},
        answered_at_ms = ${nowMs}, request_ids = ${JSON.stringify(requestIds)}
      WHERE job_id = ${jobId} AND chunk = ${chunk} AND state = 'sending'
        AND lease_owner = ${this.lease.owner}`.execute(this.db);
    if (changes(done) === 0) throw new ChunkLeaseLost(jobId, chunk, 'move');
    for (const answer of answers) {
      await sql`UPDATE move_rows SET status = ${answer.status}, reason_code = ${answer.reason?.code ?? null},
          reason_message = ${answer.reason?.message ?? null}
        WHERE job_id = ${jobId} AND row = ${answer.row} AND chunk = ${chunk} AND status = 'pending'`.execute(
        this.db,
      );
    }
    for (const row of release) {
      await sql`UPDATE move_rows SET chunk = NULL
        WHERE job_id = ${jobId} AND row = ${row} AND chunk = ${chunk} AND status = 'pending'`.execute(
        this.db,
      );
    }
    await this.cancelIfStopped(jobId);
    await this.finishIfDone(jobId, nowMs);
  }

  /**
   * A chunk Marketo refused before doing anything: its rows back to pending, the chunk forgotten. Nothing when its
   * lease is no longer this replica's (the holder settles it).
   */
  async releaseChunk(jobId: string, chunk: number): Promise<void> {
    await this.transaction(async () => {
      const deleted = await sql`DELETE FROM move_chunks WHERE job_id = ${jobId} AND chunk = ${chunk}
        AND state = 'sending' AND lease_owner = ${this.lease.owner}`.execute(this.db);
      if (changes(deleted) === 0) return;
      await sql`UPDATE move_rows SET chunk = NULL WHERE job_id = ${jobId} AND chunk = ${chunk}
        AND status = 'pending'`.execute(this.db);
      await this.cancelIfStopped(jobId);
      await this.finishIfDone(jobId, Date.now());
    });
  }

  async pause(jobId: string, untilMs: number, message: string): Promise<void> {
    await sql`UPDATE move_jobs SET paused_until_ms = ${untilMs}, message = ${message}
      WHERE id = ${jobId} AND state = 'running'`.execute(this.db);
  }

  async resume(jobId: string): Promise<void> {
    await sql`UPDATE move_jobs SET paused_until_ms = NULL, message = NULL
      WHERE id = ${jobId} AND state = 'running' AND (paused_until_ms IS NOT NULL OR message IS NOT NULL)`.execute(
      this.db,
    );
  }

  /** Stops a running or resolving job for good with `message`; its unsent rows are cancelled. */
  fail(jobId: string, message: string, nowMs: number): Promise<boolean> {
    return this.transaction(async () => {
      const failed =
        await sql`UPDATE move_jobs SET state = 'failed', message = ${message}, paused_until_ms = NULL,
          finished_at_ms = ${nowMs}
        WHERE id = ${jobId} AND state IN ('running', 'resolving')`.execute(this.db);
      if (changes(failed) === 0) return false;
      await this.cancelIfStopped(jobId);
      return true;
    });
  }

  /** Closes a running or cancelling job with nothing pending: `completed`, or `cancelled`. */
  async finishIfDone(jobId: string, nowMs: number): Promise<void> {
    await sql`UPDATE move_jobs
      SET state = CASE state WHEN 'cancelling' THEN 'cancelled' ELSE 'completed' END,
          finished_at_ms = COALESCE(finished_at_ms, ${nowMs}), paused_until_ms = NULL, message = NULL
      WHERE id = ${jobId} AND state IN ('running', 'cancelling')
        AND NOT EXISTS (SELECT 1 FROM move_rows r WHERE r.job_id = ${jobId} AND r.status = 'pending')`.execute(
      this.db,
    );
  }

  /** Jobs the runner should close: running or cancelling with no pending row. */
  async finishableJobIds(): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`SELECT j.id FROM move_jobs j
      WHERE j.state IN ('running', 'cancelling') AND ${OPENED}
        AND NOT EXISTS (SELECT 1 FROM move_rows r WHERE r.job_id = j.id AND r.status = 'pending')`.execute(
      this.db,
    );
    return rows.map((row) => row.id);
  }

  /**
   * Cancel: a job not yet running ends at once; a running one becomes `cancelling` and its free rows are
   * cancelled page by page (a chunk in flight still finishes). Answers false when there was nothing to cancel.
   */
  async cancel(jobId: string, nowMs: number): Promise<boolean> {
    const early = await sql`UPDATE move_jobs SET state = 'cancelled', finished_at_ms = ${nowMs}
      WHERE id = ${jobId} AND state IN ('resolving', 'previewed')`.execute(this.db);
    if (changes(early) > 0) return true;
    const started = await sql`UPDATE move_jobs SET state = 'cancelling', paused_until_ms = NULL
      WHERE id = ${jobId} AND state = 'running'`.execute(this.db);
    if (changes(started) === 0) return false;
    while ((await this.cancelPage(jobId, null)) > 0) await new Promise((resolve) => setImmediate(resolve));
    await this.finishIfDone(jobId, nowMs);
    return true;
  }

  private async cancelPage(jobId: string, reason: string | null): Promise<number> {
    return changes(
      await sql`UPDATE move_rows SET status = 'cancelled', reason_code = ${reason === null ? null : 'not_sent'},
          reason_message = ${reason}
        WHERE job_id = ${jobId} AND status = 'pending' AND chunk IS NULL AND row IN (
          SELECT row FROM move_rows WHERE job_id = ${jobId} AND status = 'pending' AND chunk IS NULL
          ORDER BY row LIMIT ${MOVE_PAGE_ROWS})`.execute(this.db),
    );
  }

  // Rows that come back to a job no longer running are never sent.
  private async cancelIfStopped(jobId: string): Promise<void> {
    const { rows } = await sql<{ state: MoveState; message: string | null }>`
      SELECT state, message FROM move_jobs WHERE id = ${jobId}`.execute(this.db);
    const job = rows[0];
    if (!job || job.state === 'running') return;
    const why = job.state === 'failed' ? job.message : null;
    while ((await this.cancelPage(jobId, why)) > 0);
  }
}
