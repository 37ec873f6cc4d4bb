// The console's own SQLite database (users, sessions, audit trail, import jobs), separate from the emulator's. Opening it
// applies any migration not yet applied, in order; a migration is never edited once released, only added.
import Database from 'better-sqlite3';
import { preparePrivateFile, tightenDatabaseFiles } from './private-files';
import { sqliteBinding } from './sqlite-binding';

export type SqliteDb = Database.Database;

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     email TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
     partitions TEXT NOT NULL,
     disabled INTEGER NOT NULL DEFAULT 0,
     password_hash TEXT NOT NULL,
     created_at TEXT NOT NULL,
     last_sign_in_at TEXT
   );
   CREATE TABLE sessions (
     id_hash TEXT PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES users(id),
     csrf_token TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL
   );
   CREATE INDEX sessions_by_user ON sessions(user_id);
   CREATE TABLE audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     at_ms INTEGER NOT NULL,
     user_id INTEGER,
     user_email TEXT NOT NULL,
     action TEXT NOT NULL,
     partitions TEXT NOT NULL,
     lead_ids TEXT NOT NULL,
     outcome TEXT NOT NULL,
     leads TEXT NOT NULL,
     request_ids TEXT NOT NULL,
     summary TEXT NOT NULL
   );
   CREATE INDEX audit_by_time ON audit(at_ms);
   -- The trail is append-only, also for anyone with a SQLite shell who forgets it.
   CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
   CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;`,
  // Bulk import (server/imports/README.md). Cells and lead fields are JSON arrays / objects of strings.
  `CREATE TABLE import_files (
     id TEXT PRIMARY KEY,
     user_id INTEGER NOT NULL,
     name TEXT NOT NULL,
     size_bytes INTEGER NOT NULL,
     delimiter TEXT NOT NULL,
     columns TEXT NOT NULL,
     row_count INTEGER NOT NULL,
     created_at_ms INTEGER NOT NULL
   );
   CREATE TABLE import_file_rows (
     file_id TEXT NOT NULL REFERENCES import_files(id) ON DELETE CASCADE,
     row INTEGER NOT NULL,
     cells TEXT NOT NULL,
     PRIMARY KEY (file_id, row)
   ) WITHOUT ROWID;
   CREATE TABLE import_jobs (
     id TEXT PRIMARY KEY,
     file_id TEXT NOT NULL REFERENCES import_files(id),
     user_id INTEGER,
     user_email TEXT NOT NULL,
     partition_name TEXT NOT NULL,
     action TEXT NOT NULL,
     lookup_field TEXT NOT NULL,
     mapping TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('running', 'cancelling', 'cancelled', 'completed', 'failed')),
     message TEXT,
     paused_until_ms INTEGER,
     created_at_ms INTEGER NOT NULL,
     first_answer_at_ms INTEGER,
     finished_at_ms INTEGER,
     total INTEGER NOT NULL,
     sent INTEGER NOT NULL DEFAULT 0,
     created INTEGER NOT NULL DEFAULT 0,
     updated INTEGER NOT NULL DEFAULT 0,
     skipped INTEGER NOT NULL DEFAULT 0,
     failed INTEGER NOT NULL DEFAULT 0,
     cancelled INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX import_jobs_by_state ON import_jobs(state, created_at_ms);
   -- One row per data row of the job's file; fields is the converted lead (NULL for rows skipped by the check).
   CREATE TABLE import_results (
     job_id TEXT NOT NULL REFERENCES import_jobs(id),
     row INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'created', 'updated', 'skipped', 'failed', 'cancelled')),
     fields TEXT,
     lead_id INTEGER,
     reason_code TEXT,
     reason_message TEXT,
     chunk INTEGER,
     PRIMARY KEY (job_id, row)
   ) WITHOUT ROWID;
   CREATE INDEX import_results_by_status ON import_results(job_id, status, row);
   CREATE TABLE import_chunks (
     job_id TEXT NOT NULL REFERENCES import_jobs(id),
     chunk INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('sending', 'done')),
     rows INTEGER NOT NULL,
     sent_at_ms INTEGER NOT NULL,
     answered_at_ms INTEGER,
     request_ids TEXT NOT NULL DEFAULT '[]',
     PRIMARY KEY (job_id, chunk)
   ) WITHOUT ROWID;`,
  // The import job an audit entry belongs to, so Activity shows one item per job (server/store/audit-items.ts).
  `ALTER TABLE audit ADD COLUMN import_job_id TEXT;
   CREATE INDEX audit_by_import_job ON audit(import_job_id, id) WHERE import_job_id IS NOT NULL;`,
  // Audit before the Marketo write (server/store/audit-repo.ts `begin`): an entry starts 'pending' and is
  // completed once; every other UPDATE is still refused. `write_check` is the row a start commits to prove
  // the database can be written (`proveWritable`).
  `DROP TRIGGER audit_no_update;
   CREATE TRIGGER audit_only_completes BEFORE UPDATE ON audit
   WHEN OLD.outcome <> 'pending'
     OR NEW.outcome NOT IN ('success', 'partial', 'failure')
     OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.at_ms IS NOT OLD.at_ms
     OR NEW.user_id IS NOT OLD.user_id OR NEW.user_email IS NOT OLD.user_email OR NEW.action IS NOT OLD.action
     OR NEW.import_job_id IS NOT OLD.import_job_id
   BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
   CREATE TABLE write_check (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     at_ms INTEGER NOT NULL
   );`,
  // An import row Marketo holds but whose creation or update the console cannot tell after a crash ('written',
  // server/imports/reconcile.ts). SQLite cannot change a CHECK in place: the results table is copied.
  `CREATE TABLE import_results_v5 (
     job_id TEXT NOT NULL REFERENCES import_jobs(id),
     row INTEGER NOT NULL,
     status TEXT NOT NULL
       CHECK (status IN ('pending', 'created', 'updated', 'written', 'skipped', 'failed', 'cancelled')),
     fields TEXT,
     lead_id INTEGER,
     reason_code TEXT,
     reason_message TEXT,
     chunk INTEGER,
     PRIMARY KEY (job_id, row)
   ) WITHOUT ROWID;
   INSERT INTO import_results_v5 (job_id, row, status, fields, lead_id, reason_code, reason_message, chunk)
     SELECT job_id, row, status, fields, lead_id, reason_code, reason_message, chunk FROM import_results;
   DROP TABLE import_results;
   ALTER TABLE import_results_v5 RENAME TO import_results;
   CREATE INDEX import_results_by_status ON import_results(job_id, status, row);
   ALTER TABLE import_jobs ADD COLUMN written INTEGER NOT NULL DEFAULT 0;`,
  // Retention (server/store/retention-audit.ts): the only DELETE the trail allows. A sweep writes its cutoff into
  // `retention_sweep`, deletes entries older than it and removes the row, in one transaction. With no row, or for
  // an entry at or after the cutoff, every DELETE is still refused. The row's deferred reference to the always
  // empty `retention_sweep_never` makes a COMMIT that still holds it fail, so it cannot outlive its transaction.
  `CREATE TABLE retention_sweep_never (id INTEGER PRIMARY KEY);
   CREATE TABLE retention_sweep (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     cutoff_ms INTEGER NOT NULL,
     open INTEGER NOT NULL DEFAULT 1 REFERENCES retention_sweep_never(id) DEFERRABLE INITIALLY DEFERRED
   );
   DROP TRIGGER audit_no_delete;
   CREATE TRIGGER audit_delete_only_expired BEFORE DELETE ON audit
   WHEN NOT EXISTS (SELECT 1 FROM retention_sweep WHERE OLD.at_ms < cutoff_ms)
   BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;`,
  // Single sign-on (server/auth/README.md "Single sign-on"): the identity provider account an SSO-managed user is,
  // by issuer and subject (both null for console accounts). NULLs are distinct, so only SSO pairs must be unique.
  `ALTER TABLE users ADD COLUMN sso_issuer TEXT;
   ALTER TABLE users ADD COLUMN sso_subject TEXT;
   CREATE UNIQUE INDEX users_by_sso ON users(sso_issuer, sso_subject);`,
];

/**
 * Opens (creating if needed) the database at `file`, or an in-memory one for `:memory:`, in WAL mode, with
 * every migration applied. Its folder and files are private to the account (server/store/private-files.ts).
 */
export function openDatabase(file: string): SqliteDb {
  if (file !== ':memory:') preparePrivateFile(file);
  const db = new Database(file, sqliteBinding());
  if (file !== ':memory:') {
    db.pragma('journal_mode = WAL');
    tightenDatabaseFiles(file);
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // better-sqlite3 builds SQLite with a 16 MB page cache per schema, and an import's key ledger opens the temporary
  // one too (import-files-repo.ts `keyLedger`): 32 MB of a 256 MB container, for pages the OS caches anyway.
  db.pragma('cache_size = -2000');
  db.pragma('temp.cache_size = -2000');
  const applied = Number(db.pragma('user_version', { simple: true }));
  MIGRATIONS.slice(applied).forEach((sql, offset) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${applied + offset + 1}`);
    })();
  });
  return db;
}

/**
 * Commits one small write, so a database that cannot be written (read-only file or folder, full disk, file-size
 * limit) is found at start rather than by the first user's change. Throws the storage error.
 */
export function proveWritable(db: SqliteDb, nowMs: number): void {
  db.prepare(
    'INSERT INTO write_check (id, at_ms) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at_ms = excluded.at_ms',
  ).run(nowMs);
}
