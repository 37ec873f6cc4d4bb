// Test support: plain SQL against the console database, whichever engine holds it, for tests that look under the
// repositories (rows left behind, a value changed by hand). `?` placeholders, as in SQLite; numbered on PostgreSQL.
import { CompiledQuery } from 'kysely';
import type { ConsoleDb } from '../store/kysely';
import { executor } from '../store/transaction';

function compiled(consoleDb: ConsoleDb, text: string, values: readonly unknown[]) {
  let index = 0;
  const numbered = consoleDb.dialect === 'postgres' ? text.replace(/\?/g, () => `$${(index += 1)}`) : text;
  return CompiledQuery.raw(numbered, [...values]);
}

/** Every row `text` answers. */
export async function sqlRows<T = Record<string, unknown>>(
  consoleDb: ConsoleDb,
  text: string,
  ...values: unknown[]
): Promise<T[]> {
  return (await executor(consoleDb).executeQuery<T>(compiled(consoleDb, text, values))).rows;
}

/** The first column of the first row (`undefined` when there is none); counts read as numbers. */
export async function sqlValue<T = unknown>(
  consoleDb: ConsoleDb,
  text: string,
  ...values: unknown[]
): Promise<T | undefined> {
  const [row] = await sqlRows<Record<string, unknown>>(consoleDb, text, ...values);
  return row === undefined ? undefined : (Object.values(row)[0] as T);
}

/** Runs a statement; answers how many rows it changed. */
export async function sqlRun(consoleDb: ConsoleDb, text: string, ...values: unknown[]): Promise<number> {
  const result = await executor(consoleDb).executeQuery(compiled(consoleDb, text, values));
  return Number(result.numAffectedRows ?? 0);
}
