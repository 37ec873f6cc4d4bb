// The SQL the import runner's repository runs for every chunk (server/store/import-runs-repo.ts), and the mapping
// of its rows to the runner's types.
import { sql, type RawBuilder } from 'kysely';
import type { ImportAction, ImportState } from '../contract/imports';
import type { MarketoValue } from '../marketo/types';
import { tableUsingIndex } from './dialect-sql';
import type { ConsoleDb } from './kysely';
import type { ChunkRow, RunJob } from './import-runs-repo';
import { OPENED_JOB } from './imports-repo';

export interface JobData {
  id: string;
  file_name: string;
  user_id: number | null;
  user_email: string;
  partition_name: string;
  action: ImportAction;
  lookup_field: string;
  state: ImportState;
  paused_until_ms: number | null;
  created_at_ms: number;
  path: 'sync' | 'bulk';
}

const JOB_SELECT = sql`
  SELECT j.id, f.name AS file_name, j.user_id, j.user_email, j.partition_name, j.action, j.lookup_field, j.state,
         j.paused_until_ms, j.created_at_ms, j.path
  FROM import_jobs j JOIN import_files f ON f.id = j.file_id`;

// Rows waiting for a chunk: the (job_id, status, row) index finds them in row order. Named, because without
// statistics SQLite walks the primary key instead, through every row already answered: 73 ms per look and
// 150 ms per chunk taken once 500,000 rows of a job were done, all of it holding the event loop.
const pendingByRow = (consoleDb: ConsoleDb, alias?: string) =>
  tableUsingIndex(consoleDb, 'import_results', alias, 'import_results_by_status');
const hasFreeRows = (consoleDb: ConsoleDb) =>
  sql`EXISTS (SELECT 1 FROM ${pendingByRow(consoleDb, 'r')}
              WHERE r.job_id = j.id AND r.status = 'pending' AND r.chunk IS NULL)`;

export function toJob(data: JobData): RunJob {
  return {
    id: data.id,
    fileName: data.file_name,
    userId: data.user_id,
    userEmail: data.user_email,
    partitionName: data.partition_name,
    action: data.action,
    lookupField: data.lookup_field,
    state: data.state,
    pausedUntilMs: data.paused_until_ms,
    createdAtMs: data.created_at_ms,
    path: data.path,
  };
}

export function toRow(data: { row: number; fields: string | null }): ChunkRow {
  return { row: data.row, fields: JSON.parse(data.fields ?? '{}') as Record<string, MarketoValue> };
}

// The runner runs them for every chunk; each answers the statement for its values.
export function statementsFor(consoleDb: ConsoleDb) {
  return {
    job: (jobId: string) => sql<JobData>`${JOB_SELECT} WHERE j.id = ${jobId}`,
    runnable: () =>
      sql<JobData>`${JOB_SELECT} WHERE j.state = 'running' AND ${OPENED_JOB} AND ${hasFreeRows(consoleDb)}
                   ORDER BY j.created_at_ms, j.id`,
    finishable: () =>
      sql<{ id: string }>`SELECT j.id FROM import_jobs j
        WHERE j.state IN ('running', 'cancelling') AND ${OPENED_JOB}
          AND NOT EXISTS (SELECT 1 FROM import_results r WHERE r.job_id = j.id AND r.status = 'pending')`,
    sending: () =>
      sql<{
        jobId: string;
        chunk: number;
        sentAtMs: number;
        leaseOwner: string | null;
        leaseExpiresAtMs: number | null;
      }>`
        SELECT job_id AS "jobId", chunk, sent_at_ms AS "sentAtMs", lease_owner AS "leaseOwner",
               lease_expires_at_ms AS "leaseExpiresAtMs"
        FROM import_chunks WHERE state = 'sending' ORDER BY sent_at_ms, job_id, chunk`,
    // On PostgreSQL another replica may be claiming from the same job: each takes rows the other has not locked.
    // SQLite's write transactions already run one at a time.
    freeRows: (jobId: string, maxRows: number) =>
      sql<{ row: number; fields: string }>`SELECT row, fields FROM ${pendingByRow(consoleDb)}
        WHERE job_id = ${jobId} AND status = 'pending' AND chunk IS NULL ORDER BY row LIMIT ${maxRows}
        ${consoleDb.dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``}`,
    // The job's next chunk number. Two replicas claiming at once may read the same one: the second insert waits for
    // the first to commit and then does nothing, and the claim asks again.
    insertChunk: (jobId: string, rows: number, sentAtMs: number, owner: string, leaseExpiresAtMs: number) =>
      sql<{ chunk: number }>`INSERT INTO import_chunks
          (job_id, chunk, state, rows, sent_at_ms, lease_owner, lease_expires_at_ms)
        SELECT ${jobId}, COALESCE(MAX(chunk), 0) + 1, 'sending', ${rows}, ${sentAtMs}, ${owner}, ${leaseExpiresAtMs}
        FROM import_chunks WHERE job_id = ${jobId}
        ON CONFLICT DO NOTHING RETURNING chunk`,
    // By row number, not by range: on PostgreSQL a range could take in rows another replica's claim left free.
    markRows: (chunk: number, jobId: string, rows: readonly number[]) =>
      sql`UPDATE import_results SET chunk = ${chunk}
        WHERE job_id = ${jobId} AND status = 'pending' AND chunk IS NULL
          AND row IN (${sql.join(rows.map((row) => sql`${row}`))})`,
    // A lapsed lease (or one of this owner's) becomes this owner's, until `untilMs`; one replica wins.
    takeLease: (jobId: string, chunk: number, owner: string, nowMs: number, untilMs: number) =>
      sql`UPDATE import_chunks SET lease_owner = ${owner}, lease_expires_at_ms = ${untilMs}
        WHERE job_id = ${jobId} AND chunk = ${chunk} AND state = 'sending'
          AND (lease_owner IS NULL OR lease_owner = ${owner} OR lease_expires_at_ms IS NULL
               OR lease_expires_at_ms <= ${nowMs})`,
    renewLease: (jobId: string, chunk: number, owner: string, untilMs: number) =>
      sql`UPDATE import_chunks SET lease_expires_at_ms = ${untilMs}
        WHERE job_id = ${jobId} AND chunk = ${chunk} AND state = 'sending' AND lease_owner = ${owner}`,
    chunkRows: (jobId: string, chunk: number) =>
      sql<{ row: number; fields: string }>`SELECT row, fields FROM import_results
        WHERE job_id = ${jobId} AND chunk = ${chunk} AND status = 'pending' ORDER BY row`,
    answerRow: (
      status: string,
      leadId: number | null,
      code: string | null,
      message: string | null,
      jobId: string,
      row: number,
      chunk: number,
    ) =>
      sql`UPDATE import_results SET status = ${status}, lead_id = ${leadId}, reason_code = ${code},
          reason_message = ${message}
        WHERE job_id = ${jobId} AND row = ${row} AND chunk = ${chunk} AND status = 'pending'`,
    releaseRow: (jobId: string, row: number, chunk: number) =>
      sql`UPDATE import_results SET chunk = NULL
        WHERE job_id = ${jobId} AND row = ${row} AND chunk = ${chunk} AND status = 'pending'`,
    releaseChunkRows: (jobId: string, chunk: number) =>
      sql`UPDATE import_results SET chunk = NULL
        WHERE job_id = ${jobId} AND chunk = ${chunk} AND status = 'pending'`,
    deleteChunk: (jobId: string, chunk: number, owner: string) =>
      sql`DELETE FROM import_chunks
        WHERE job_id = ${jobId} AND chunk = ${chunk} AND state = 'sending' AND lease_owner = ${owner}`,
    countAnswers: (
      sent: number,
      count: { created: number; updated: number; written: number; skipped: number; failed: number },
      firstAnswerAtMs: number | null,
      jobId: string,
    ) =>
      sql`UPDATE import_jobs SET sent = sent + ${sent}, created = created + ${count.created},
          updated = updated + ${count.updated}, written = written + ${count.written},
          skipped = skipped + ${count.skipped}, failed = failed + ${count.failed},
          first_answer_at_ms = COALESCE(first_answer_at_ms, ${firstAnswerAtMs})
        WHERE id = ${jobId}`,
    chunkDone: (
      rows: number,
      answeredAtMs: number,
      requestIds: string,
      jobId: string,
      chunk: number,
      owner: string,
    ) =>
      sql`UPDATE import_chunks SET state = 'done', rows = ${rows}, answered_at_ms = ${answeredAtMs},
          request_ids = ${requestIds}, lease_expires_at_ms = NULL
        WHERE job_id = ${jobId} AND chunk = ${chunk} AND state = 'sending' AND lease_owner = ${owner}`,
    cancelFreeRows: (code: string | null, message: string | null, jobId: string) =>
      sql`UPDATE ${pendingByRow(consoleDb)} SET status = 'cancelled', reason_code = ${code},
          reason_message = ${message}
        WHERE job_id = ${jobId} AND status = 'pending' AND chunk IS NULL`,
    countCancelled: (cancelled: number, jobId: string) =>
      sql`UPDATE import_jobs SET cancelled = cancelled + ${cancelled} WHERE id = ${jobId}`,
    pause: (untilMs: number, message: string, jobId: string) =>
      sql`UPDATE import_jobs SET paused_until_ms = ${untilMs}, message = ${message}
        WHERE id = ${jobId} AND state = 'running'`,
    resume: (jobId: string) =>
      sql`UPDATE import_jobs SET paused_until_ms = NULL, message = NULL
        WHERE id = ${jobId} AND (paused_until_ms IS NOT NULL OR message IS NOT NULL) AND state = 'running'`,
    fail: (message: string, nowMs: number, jobId: string) =>
      sql`UPDATE import_jobs SET state = 'failed', message = ${message}, paused_until_ms = NULL,
          finished_at_ms = ${nowMs}
        WHERE id = ${jobId} AND state = 'running'`,
    message: (jobId: string) =>
      sql<{ message: string | null }>`SELECT message FROM import_jobs WHERE id = ${jobId}`,
    finish: (nowMs: number, jobId: string) =>
      sql`UPDATE import_jobs AS j
        SET state = CASE state WHEN 'cancelling' THEN 'cancelled' ELSE 'completed' END,
            finished_at_ms = COALESCE(finished_at_ms, ${nowMs}), paused_until_ms = NULL, message = NULL
        WHERE id = ${jobId} AND state IN ('running', 'cancelling') AND ${OPENED_JOB}
          AND NOT EXISTS (SELECT 1 FROM import_results r WHERE r.job_id = ${jobId} AND r.status = 'pending')`,
  } satisfies Record<string, (...values: never[]) => RawBuilder<unknown>>;
}

export type Statements = ReturnType<typeof statementsFor>;
