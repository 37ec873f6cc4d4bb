// The console database's tables that `npm run migrate-db` copies from SQLite to PostgreSQL
// (server/store/copy-to-postgres.ts), in an order their references allow, and the ones it leaves behind on purpose.
// server/store/copy-to-postgres.test.ts checks that together they name every table the migrations create.
import type { Database } from './schema';

export interface CopiedTable {
  name: keyof Database;
  /** Every column both engines have, in the order they are read and written. */
  columns: readonly string[];
  /** The primary key: how a source row is found on the target. */
  primaryKey: readonly string[];
  /**
   * How the source is read page by page: the rowid (the order rows were written, which import_jobs keeps in its
   * pg `seq`), or the primary key of a table WITHOUT ROWID.
   */
  sqliteOrder: readonly string[];
  /** A pg column that numbers rows in the order they were written; copied rows must get it in source order. */
  targetSequence?: string;
}

export const COPIED_TABLES: readonly CopiedTable[] = [
  {
    name: 'users',
    columns: [
      'id',
      'email',
      'name',
      'role',
      'partitions',
      'disabled',
      'password_hash',
      'created_at',
      'last_sign_in_at',
      'sso_issuer',
      'sso_subject',
    ],
    primaryKey: ['id'],
    sqliteOrder: ['rowid'],
  },
  {
    name: 'sessions',
    columns: ['id_hash', 'user_id', 'csrf_token', 'created_at', 'last_seen_at'],
    primaryKey: ['id_hash'],
    sqliteOrder: ['rowid'],
  },
  {
    name: 'audit',
    columns: [
      'id',
      'at',
      'at_ms',
      'user_id',
      'user_email',
      'action',
      'partitions',
      'lead_ids',
      'outcome',
      'leads',
      'request_ids',
      'summary',
      'import_job_id',
    ],
    primaryKey: ['id'],
    sqliteOrder: ['rowid'],
  },
  {
    name: 'import_files',
    columns: ['id', 'user_id', 'name', 'size_bytes', 'delimiter', 'columns', 'row_count', 'created_at_ms'],
    primaryKey: ['id'],
    sqliteOrder: ['rowid'],
  },
  {
    name: 'import_file_rows',
    columns: ['file_id', 'row', 'cells'],
    primaryKey: ['file_id', 'row'],
    sqliteOrder: ['file_id', 'row'],
  },
  {
    name: 'import_jobs',
    columns: [
      'id',
      'file_id',
      'user_id',
      'user_email',
      'partition_name',
      'action',
      'lookup_field',
      'mapping',
      'state',
      'message',
      'paused_until_ms',
      'created_at_ms',
      'first_answer_at_ms',
      'finished_at_ms',
      'total',
      'sent',
      'created',
      'updated',
      'written',
      'skipped',
      'failed',
      'cancelled',
      'started_by',
      'path',
    ],
    primaryKey: ['id'],
    sqliteOrder: ['rowid'],
    targetSequence: 'seq',
  },
  {
    name: 'import_results',
    columns: ['job_id', 'row', 'status', 'fields', 'lead_id', 'reason_code', 'reason_message', 'chunk'],
    primaryKey: ['job_id', 'row'],
    sqliteOrder: ['job_id', 'row'],
  },
  {
    name: 'import_chunks',
    columns: [
      'job_id',
      'chunk',
      'state',
      'rows',
      'sent_at_ms',
      'answered_at_ms',
      'request_ids',
      'lease_owner',
      'lease_expires_at_ms',
    ],
    primaryKey: ['job_id', 'chunk'],
    sqliteOrder: ['job_id', 'chunk'],
  },
  {
    name: 'move_jobs',
    columns: [
      'id',
      'user_id',
      'user_email',
      'target_name',
      'input_kind',
      'undo_of',
      'state',
      'message',
      'paused_until_ms',
      'created_at_ms',
      'started_at_ms',
      'finished_at_ms',
      'total',
      'undo_of_entry',
    ],
    primaryKey: ['id'],
    // Written order: an undo comes after the move it undoes, which it references.
    sqliteOrder: ['rowid'],
  },
  {
    name: 'move_rows',
    columns: [
      'job_id',
      'row',
      'value',
      'status',
      'lead_id',
      'from_partition_id',
      'to_name',
      'candidates',
      'reason_code',
      'reason_message',
      'chunk',
    ],
    primaryKey: ['job_id', 'row'],
    sqliteOrder: ['job_id', 'row'],
  },
  {
    name: 'move_chunks',
    columns: [
      'job_id',
      'chunk',
      'state',
      'rows',
      'sent_at_ms',
      'answered_at_ms',
      'request_ids',
      'lease_owner',
      'lease_expires_at_ms',
    ],
    primaryKey: ['job_id', 'chunk'],
    sqliteOrder: ['job_id', 'chunk'],
  },
  {
    name: 'import_bulk_batches',
    columns: [
      'job_id',
      'batch',
      'state',
      'rows',
      'bytes',
      'uploaded_by',
      'audit_id',
      'marketo_batch_id',
      'marketo_status',
      'processed',
      'failed',
      'warned',
      'message',
      'polls',
      'next_poll_at_ms',
      'created_at_ms',
      'answered_at_ms',
    ],
    primaryKey: ['job_id', 'batch'],
    sqliteOrder: ['job_id', 'batch'],
  },
];

/**
 * Tables left behind, and why: each engine keeps its own migration ledger; `write_check` is rewritten by every
 * start; a retention sweep's row and the import key ledger live only inside one transaction or one check;
 * `retention_sweep_never` is always empty; `console_replicas` holds the heartbeats of replicas running now, which
 * register themselves at start.
 */
export const TABLES_NOT_COPIED: readonly string[] = [
  'console_migrations',
  'write_check',
  'retention_sweep',
  'retention_sweep_never',
  'import_keys',
  'console_replicas',
];

/** Identity columns whose next value must follow the copied ids, so no id is handed out twice. */
export const TARGET_IDENTITIES: readonly { table: keyof Database; column: string }[] = [
  { table: 'users', column: 'id' },
  { table: 'audit', column: 'id' },
];
