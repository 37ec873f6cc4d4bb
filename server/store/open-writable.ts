// The console database as the proxy's start opens it: a database it cannot write (a read-only file or folder, a
// full disk, a file-size limit) stops the start with the file's name, instead of failing every sign-in and
// refusing every change later (server/audit/audit-unavailable.ts).
import { StartupError } from '../startup-error';
import { openDatabase, proveWritable, type SqliteDb } from './database';

/** The error's code (SQLITE_READONLY, EACCES, SQLITE_IOERR_WRITE, ...): it names the cause and holds no data. */
function causeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'unknown error';
}

export function openWritableDatabase(file: string, nowMs: number): SqliteDb {
  let db: SqliteDb | undefined;
  try {
    db = openDatabase(file);
    proveWritable(db, nowMs);
    return db;
  } catch (error) {
    db?.close();
    throw new StartupError(
      `The console database ${file} cannot be written (${causeOf(error)}). Check that its folder and file ` +
        'are writable by this account and that the disk has space, or set CONSOLE_DB_FILE.',
      { cause: error },
    );
  }
}
