// The console's own SQLite database (users, sessions, audit trail), separate from the emulator's. Opening it
// applies any migration not yet applied, in order; a migration is never edited once released, only added.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

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
];

/**
 * Opens (creating if needed) the database at `file`, or an in-memory one for `:memory:`, in WAL mode, with
 * every migration applied.
 */
export function openDatabase(file: string): SqliteDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const applied = Number(db.pragma('user_version', { simple: true }));
  MIGRATIONS.slice(applied).forEach((sql, offset) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${applied + offset + 1}`);
    })();
  });
  return db;
}
