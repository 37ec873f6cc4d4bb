// The console database as the proxy's start opens it: a database it cannot write (a read-only file or folder, a
// full disk, a file-size limit, an unreachable or read-only PostgreSQL) stops the start with where it is, instead
// of failing every sign-in and refusing every change later (server/audit/audit-unavailable.ts).
import { StartupError } from '../startup-error';
import { openConsoleDb, proveWritable, type ConsoleDbConfig } from './database';
import type { ConsoleDb } from './kysely';

/** The error's code (SQLITE_READONLY, EACCES, ECONNREFUSED, 28P01, ...): it names the cause and holds no data. */
function causeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'unknown error';
}

/** Host, port and database of a PostgreSQL URL: never its user's password. */
export function describePostgres(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}${parsed.port ? `:${parsed.port}` : ''}/${parsed.pathname.slice(1)}`;
  } catch {
    return '(an unreadable DATABASE_URL)';
  }
}

function failure(config: ConsoleDbConfig, error: unknown): StartupError {
  if ('sqliteFile' in config) {
    return new StartupError(
      `The console database ${config.sqliteFile} cannot be written (${causeOf(error)}). Check that its folder and ` +
        'file are writable by this account and that the disk has space, or set CONSOLE_DB_FILE.',
      { cause: error },
    );
  }
  return new StartupError(
    `The console database PostgreSQL ${describePostgres(config.postgresUrl)} cannot be opened and written ` +
      `(${causeOf(error)}). Check that it is running and reachable, and that DATABASE_URL's user may create ` +
      'tables and write them.',
    { cause: error },
  );
}

export async function openWritableConsoleDb(config: ConsoleDbConfig, nowMs: number): Promise<ConsoleDb> {
  let consoleDb: ConsoleDb | undefined;
  try {
    consoleDb = await openConsoleDb(config);
    await proveWritable(consoleDb, nowMs);
    return consoleDb;
  } catch (error) {
    await consoleDb?.close().catch(() => {});
    throw failure(config, error);
  }
}
