// `npm run backup [file]`: a consistent copy of the console's SQLite database (with DATABASE_URL, PostgreSQL, it
// refuses and points to pg_dump), taken with SQLite's online backup while the
// console runs (it keeps writing meanwhile), then checked with `PRAGMA integrity_check`. Plain JavaScript on
// better-sqlite3 alone, so it runs on a tree installed with `npm ci --omit=dev`.
// It finds the database as the server does: `.env` loaded under the real environment (server/config/dotenv.ts),
// then CONSOLE_DB_FILE, empty meaning the default (server/config/env-schema.ts; scripts/backup.test.ts checks the
// two defaults agree). Without a file argument the copy goes to backups/ beside the database, timestamped.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export const DEFAULT_CONSOLE_DB_FILE = '.data/console.sqlite';

/** The database the server would open, from the environment as the server reads it. */
export function consoleDbFile(env = process.env) {
  return env.CONSOLE_DB_FILE ? env.CONSOLE_DB_FILE : DEFAULT_CONSOLE_DB_FILE;
}

/** `backups/console-2026-12-04T17-42-00-123Z.sqlite` beside the database (no colons: valid on every system). */
export function defaultBackupFile(dbFile, now = new Date()) {
  return join(dirname(dbFile), 'backups', `console-${now.toISOString().replaceAll(':', '-')}.sqlite`);
}

class BackupError extends Error {}

/** Creates `file` (0600) in a folder made 0700 if missing; refuses to overwrite (an older backup may be in it). */
function createPrivateFile(file) {
  const folder = dirname(file);
  if (mkdirSync(folder, { recursive: true, mode: 0o700 }) !== undefined) chmodSync(folder, 0o700);
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if (error.code === 'EEXIST') throw new BackupError(`${file} already exists; name a new file.`);
    throw new BackupError(`cannot create ${file}: ${error.message}`);
  }
}

function openOptions(extra) {
  // BETTER_SQLITE3_BINDING picks the SQLite addon as for the server (server/store/sqlite-binding.ts).
  const binding = process.env.BETTER_SQLITE3_BINDING;
  return { ...extra, ...(binding ? { nativeBinding: binding } : {}) };
}

/** Copies `dbFile` to `target` and checks the copy; answers its size in bytes. */
export async function backup(dbFile, target) {
  if (dbFile === ':memory:')
    throw new BackupError('CONSOLE_DB_FILE is :memory:; there is no file to back up.');
  if (!existsSync(dbFile))
    throw new BackupError(`no console database at ${resolve(dbFile)} (CONSOLE_DB_FILE).`);
  createPrivateFile(target);
  let source;
  try {
    source = new Database(dbFile, openOptions({ readonly: true, fileMustExist: true }));
    // Every page in one step, so in one read transaction: the copy is one moment of the database, and a console
    // that keeps writing cannot make it restart (a change between steps of 100 pages would, again and again).
    await source.backup(target, { progress: () => 0x7fffffff });
    const copy = new Database(target, openOptions({ fileMustExist: true }));
    try {
      // One self-contained file: the copy needs no -wal or -shm beside it.
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new BackupError(`the copy failed its integrity check: ${check}`);
    } finally {
      copy.close();
    }
  } catch (error) {
    // Never leave a half-written copy that looks like a backup.
    rmSync(target, { force: true });
    throw error instanceof BackupError ? error : new BackupError(`the backup failed: ${error.message}`);
  } finally {
    source?.close();
  }
  return statSync(target).size;
}

async function main(args) {
  // The copy holds password hashes and the audit trail: private, whatever the umask.
  process.umask(0o077);
  if (args.length > 1) throw new BackupError('usage: npm run backup [file]');
  if (existsSync('.env')) process.loadEnvFile('.env');
  // The console database is then PostgreSQL: its own tools copy it, and this script would copy a stale file.
  if (process.env.DATABASE_URL) {
    throw new BackupError(
      'DATABASE_URL is set: the console database is PostgreSQL, and npm run backup copies only the SQLite file. ' +
        'Back it up with pg_dump (for example: pg_dump --format=custom --file=console.dump "$DATABASE_URL").',
    );
  }
  const dbFile = consoleDbFile();
  const target = args[0] ?? defaultBackupFile(dbFile);
  const bytes = await backup(dbFile, target);
  console.log(`Backed up ${resolve(dbFile)} to ${resolve(target)} (${bytes.toLocaleString('en-US')} bytes)`);
}

if (import.meta.filename === process.argv[1]) {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    console.error(`Backup failed: ${error instanceof BackupError ? error.message : error}`);
    process.exitCode = 1;
  }
}
