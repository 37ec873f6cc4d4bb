// The console's own database (users, sessions, audit trail, import jobs), separate from the emulator's: a SQLite
// file by default, or PostgreSQL shared by replicas (DATABASE_URL). Opening it applies every migration not yet
// applied, in order (server/store/migrations.ts).
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { postgresConsoleDb, sqliteConsoleDb, type ConsoleDb } from './kysely';
import { migratePostgres, migrateSqlite } from './migrate';
import { preparePrivateFile, tightenDatabaseFiles } from './private-files';
import { sqliteBinding } from './sqlite-binding';
import { executor } from './transaction';

/** Where the console database lives: a SQLite file (`:memory:` for a throwaway one), or a PostgreSQL URL. */
export type ConsoleDbConfig = { sqliteFile: string } | { postgresUrl: string };

// The import key ledger's table on SQLite: temporary, so a check's keys never reach the database file or its WAL,
// on the one connection every query of the process uses (the pg one is a real table, migrations.ts `imports`).
const SQLITE_KEY_LEDGER = `CREATE TEMP TABLE import_keys (
  ledger_id TEXT NOT NULL,
  key TEXT NOT NULL,
  row INTEGER NOT NULL,
  PRIMARY KEY (ledger_id, key)
) WITHOUT ROWID`;

/**
 * Opens (creating if needed) the SQLite database at `file`, or an in-memory one for `:memory:`, in WAL mode, with
 * every migration applied. Its folder and files are private to the account (server/store/private-files.ts).
 */
function openSqlite(file: string): ConsoleDb {
  if (file !== ':memory:') preparePrivateFile(file);
  const raw = new Database(file, sqliteBinding());
  try {
    if (file !== ':memory:') {
      raw.pragma('journal_mode = WAL');
      tightenDatabaseFiles(file);
    }
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    // better-sqlite3 builds SQLite with a 16 MB page cache per schema, and the key ledger opens the temporary one
    // too: 32 MB of a 256 MB container, for pages the OS caches anyway.
    raw.pragma('cache_size = -2000');
    raw.pragma('temp.cache_size = -2000');
    migrateSqlite(raw, Date.now());
    raw.exec(SQLITE_KEY_LEDGER);
  } catch (error) {
    raw.close();
    throw error;
  }
  return sqliteConsoleDb(raw);
}

export async function openConsoleDb(config: ConsoleDbConfig): Promise<ConsoleDb> {
  if ('sqliteFile' in config) return openSqlite(config.sqliteFile);
  await migratePostgres(config.postgresUrl, Date.now());
  return postgresConsoleDb(config.postgresUrl);
}

/**
 * Commits one small write, so a database that cannot be written (read-only file or folder, full disk, file-size
 * limit, a PostgreSQL role without the right) is found at start rather than by the first user's change. Throws the
 * storage error.
 */
export async function proveWritable(consoleDb: ConsoleDb, nowMs: number): Promise<void> {
  await executor(consoleDb)
    .insertInto('write_check')
    .values({ id: 1, at_ms: nowMs })
    .onConflict((conflict) => conflict.column('id').doUpdateSet({ at_ms: sql<number>`excluded.at_ms` }))
    .execute();
}
