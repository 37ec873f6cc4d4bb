// The console's files hold password hashes, session ids, the audit trail and uploaded leads: only the account
// that runs the console may read them (folder 0700, files 0600), whatever the umask it was started with.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { basename, dirname } from 'node:path';

export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** The default data folder (server/config/env-schema.ts); versions before this one created it 0755. */
const DATA_FOLDER_NAME = '.data';
/** What SQLite creates beside a database: WAL, shared memory, rollback journal. */
const SIDECAR_SUFFIXES = ['-wal', '-shm', '-journal'];

/**
 * Creates `file`'s folder (0700) and the empty file (0600) if missing, before SQLite opens it: SQLite then
 * gives its WAL and journal files the database file's mode. A folder that already existed is left as it is
 * (it may be shared, such as /tmp), except the console's own `.data`.
 */
export function preparePrivateFile(file: string): void {
  const folder = dirname(file);
  const created = mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (created !== undefined || basename(folder) === DATA_FOLDER_NAME) chmodSync(folder, PRIVATE_FOLDER_MODE);
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Tightens the database and the sidecar files SQLite made, including ones an older version left readable. */
export function tightenDatabaseFiles(file: string): void {
  for (const path of [file, ...SIDECAR_SUFFIXES.map((suffix) => file + suffix)]) {
    if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
  }
}
