// The console database's tables as Kysely sees them (server/store/migrations.ts creates them). One schema for both
// engines: JSON lives in TEXT columns on both, millisecond timestamps are INTEGER on SQLite and BIGINT on PostgreSQL
// (read back as numbers, server/store/kysely.ts), and `users.disabled` is 0/1 on SQLite and a boolean on PostgreSQL
// (server/store/dialect-sql.ts `toFlag`).
import type { Generated } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: 'viewer' | 'editor' | 'admin';
  /** JSON: 'all' or an array of partition names. */
  partitions: string;
  disabled: number | boolean;
  password_hash: string;
  created_at: string;
  last_sign_in_at: string | null;
  sso_issuer: string | null;
  sso_subject: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  at_ms: number;
  user_id: number | null;
  user_email: string;
  action: string;
  partitions: string;
  lead_ids: string;
  outcome: string;
  leads: string;
  request_ids: string;
  summary: string;
  import_job_id: string | null;
}

export interface WriteCheckTable {
  id: number;
  at_ms: number;
}

export interface RetentionSweepTable {
  id: number;
  cutoff_ms: number;
  open: Generated<number>;
}

export interface ImportFilesTable {
  id: string;
  user_id: number;
  name: string;
  size_bytes: number;
  delimiter: string;
  columns: string;
  row_count: number;
  created_at_ms: number;
}

export interface ImportFileRowsTable {
  file_id: string;
  row: number;
  cells: string;
}

export interface ImportJobsTable {
  id: string;
  file_id: string;
  user_id: number | null;
  user_email: string;
  partition_name: string;
  action: string;
  lookup_field: string;
  mapping: string;
  state: string;
  message: string | null;
  paused_until_ms: number | null;
  created_at_ms: number;
  first_answer_at_ms: number | null;
  finished_at_ms: number | null;
  total: number;
  sent: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  written: Generated<number>;
  skipped: Generated<number>;
  failed: Generated<number>;
  cancelled: Generated<number>;
  /** The replica writing the job while it is being started (its runner's lease owner id). */
  started_by: string | null;
  /** `sync` (chunks of 300) or `bulk` (Marketo's Bulk Lead Import, server/imports/bulk/). */
  path: Generated<'sync' | 'bulk'>;
}

export interface ImportResultsTable {
  job_id: string;
  row: number;
  status: string;
  fields: string | null;
  lead_id: number | null;
  reason_code: string | null;
  reason_message: string | null;
  chunk: number | null;
}

export interface ImportChunksTable {
  job_id: string;
  chunk: number;
  state: 'sending' | 'done';
  rows: number;
  sent_at_ms: number;
  answered_at_ms: number | null;
  request_ids: Generated<string>;
  /** The replica whose runner claimed the chunk while it is `sending` (server/imports/README.md). */
  lease_owner: string | null;
  lease_expires_at_ms: number | null;
}

/** One file of a bulk-path import, uploaded as one Marketo batch (server/imports/bulk/README.md). */
export interface ImportBulkBatchesTable {
  job_id: string;
  batch: number;
  state: 'uploading' | 'queued' | 'importing' | 'unknown' | 'done';
  rows: number;
  bytes: number;
  uploaded_by: string;
  audit_id: number | null;
  marketo_batch_id: number | null;
  marketo_status: string | null;
  processed: Generated<number>;
  failed: Generated<number>;
  warned: Generated<number>;
  message: string | null;
  polls: Generated<number>;
  next_poll_at_ms: number | null;
  created_at_ms: number;
  answered_at_ms: number | null;
}

/** An import's lookup keys seen so far (server/store/import-files-repo.ts). */
export interface ImportKeysTable {
  ledger_id: string;
  key: string;
  row: number;
}

/** A running replica's heartbeat (server/replicas/heartbeat.ts); PostgreSQL only. */
export interface ConsoleReplicasTable {
  id: string;
  host: string;
  pid: number;
  started_at_ms: number;
  beat_at_ms: number;
  shares_redis: number | boolean;
}

export interface ConsoleMigrationsTable {
  name: string;
  applied_at_ms: number;
}

/** A bulk move (server/moves/README.md); moves-repo.ts reads it with SQL of its own. */
export interface MoveJobsTable {
  id: string;
  user_id: number | null;
  user_email: string;
  target_name: string;
  input_kind: string;
  undo_of: string | null;
  state: string;
  message: string | null;
  paused_until_ms: number | null;
  created_at_ms: number;
  started_at_ms: number | null;
  finished_at_ms: number | null;
  total: number;
  undo_of_entry: number | null;
}

export interface MoveRowsTable {
  job_id: string;
  row: number;
  value: string;
  status: string;
  lead_id: number | null;
  from_partition_id: number | null;
  to_name: string | null;
  candidates: string | null;
  reason_code: string | null;
  reason_message: string | null;
  chunk: number | null;
}

export interface MoveChunksTable {
  job_id: string;
  chunk: number;
  state: string;
  rows: number;
  sent_at_ms: number;
  answered_at_ms: number | null;
  request_ids: string;
  lease_owner: string | null;
  lease_expires_at_ms: number | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  audit: AuditTable;
  write_check: WriteCheckTable;
  retention_sweep: RetentionSweepTable;
  import_files: ImportFilesTable;
  import_file_rows: ImportFileRowsTable;
  import_jobs: ImportJobsTable;
  import_results: ImportResultsTable;
  import_chunks: ImportChunksTable;
  import_bulk_batches: ImportBulkBatchesTable;
  import_keys: ImportKeysTable;
  console_replicas: ConsoleReplicasTable;
  move_jobs: MoveJobsTable;
  move_rows: MoveRowsTable;
  move_chunks: MoveChunksTable;
  console_migrations: ConsoleMigrationsTable;
}
