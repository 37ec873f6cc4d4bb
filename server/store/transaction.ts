// One transaction per unit of work, however many repositories take part: `inTransaction` opens one, and any
// repository call made inside it (at any depth of awaits) runs in it, found through AsyncLocalStorage. A nested
// `inTransaction` joins the outer one, as the repositories composed with better-sqlite3's `db.transaction` before.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction } from 'kysely';
import type { ConsoleDb } from './kysely';
import type { Database } from './schema';

interface OpenTransaction {
  consoleDb: ConsoleDb;
  trx: Transaction<Database>;
  /** Set at commit or rollback: work the transaction's callback left running must not use it after. */
  ended: boolean;
}

const current = new AsyncLocalStorage<OpenTransaction>();

function openFor(consoleDb: ConsoleDb): OpenTransaction | undefined {
  const open = current.getStore();
  return open && !open.ended && open.consoleDb === consoleDb ? open : undefined;
}

/**
 * Where a repository's query runs: the transaction open in this async context, else the database itself. On
 * SQLite a query outside it waits for the transaction to end (one connection), so every query inside must use this.
 */
export function executor(consoleDb: ConsoleDb): Kysely<Database> {
  return openFor(consoleDb)?.trx ?? consoleDb.db;
}

/** Whether the caller is inside a transaction of `consoleDb`. */
export function inOpenTransaction(consoleDb: ConsoleDb): boolean {
  return openFor(consoleDb) !== undefined;
}

/** Runs `work` in one transaction of `consoleDb` (joining the one already open here): all of it lands, or none. */
export async function inTransaction<T>(consoleDb: ConsoleDb, work: () => Promise<T>): Promise<T> {
  if (openFor(consoleDb)) return work();
  return consoleDb.db.transaction().execute(async (trx) => {
    const open: OpenTransaction = { consoleDb, trx, ended: false };
    try {
      return await current.run(open, work);
    } finally {
      open.ended = true;
    }
  });
}
