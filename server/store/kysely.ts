// The console database behind one query layer: Kysely over better-sqlite3 (the embedded default, one file) or over
// pg (DATABASE_URL, shared by replicas). Repositories take a `ConsoleDb` and never know which engine answers.
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

export type ConsoleDialect = 'sqlite' | 'postgres';

export interface ConsoleDb {
  db: Kysely<Database>;
  dialect: ConsoleDialect;
  close(): Promise<void>;
}

/** Statements kept prepared per SQLite connection: the reads every signed-in request makes are among them. */
const STATEMENTS_KEPT = 256;

/**
 * better-sqlite3 as Kysely's SQLite dialect uses it, with prepared statements kept by their SQL: Kysely prepares
 * every query anew, and preparing was most of the cost of the session and user reads each request makes.
 */
function cachingSqlite(raw: BetterSqlite3.Database) {
  const kept = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => raw.close(),
    prepare(sql: string): BetterSqlite3.Statement {
      // SQLite ends a transaction itself on some errors (a full disk, an I/O error): Kysely's ROLLBACK after it
      // would then fail and hide the error that matters, so it is skipped when nothing is open.
      if (sql === 'rollback' && !raw.inTransaction) return NO_ROLLBACK;
      let statement = kept.get(sql);
      if (statement) {
        kept.delete(sql);
      } else {
        statement = raw.prepare(sql);
        if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
      }
      kept.set(sql, statement);
      return statement;
    },
  };
}

/** What Kysely runs for a ROLLBACK when SQLite already rolled back: nothing. */
const NO_ROLLBACK = {
  reader: false,
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
} as unknown as BetterSqlite3.Statement;

/** Kysely over an open better-sqlite3 database; closing the ConsoleDb closes it. */
export function sqliteConsoleDb(raw: BetterSqlite3.Database): ConsoleDb {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingSqlite(raw) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

// BIGINT (millisecond timestamps, COUNT) and NUMERIC (SUM over BIGINT) arrive from pg as strings, to spare precision
// past 2^53. Our values are counts and epoch milliseconds, far below it: read them as numbers, as SQLite gives them.
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const consoleTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? (value: string) => Number(value)
      : (pg.types.getTypeParser(oid, format) as (
          value: string,
        ) => unknown)) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresPoolOptions {
  /** Connections per replica; the import runner holds one per chunk transaction, requests share the rest. */
  max?: number;
}

/** Kysely over a pg pool for `url`; closing the ConsoleDb ends the pool. */
export function postgresConsoleDb(url: string, options: PostgresPoolOptions = {}): ConsoleDb {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types: consoleTypes });
  // An idle connection that the server drops (restart, idle timeout) must not crash the process; the next query
  // takes a fresh connection and fails or succeeds on its own.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
