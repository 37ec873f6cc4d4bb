// Where SQLite and PostgreSQL differ, in one place, so each repository is written once: booleans (0/1 or boolean),
// JSON kept as text (read with json_each on SQLite, json(b) functions on PostgreSQL), SQLite's index hints and
// rowid, and substring search.
import { sql, type RawBuilder } from 'kysely';
import type { ConsoleDb } from './kysely';

/** A boolean as the column holds it: 0/1 on SQLite (better-sqlite3 binds no booleans), boolean on PostgreSQL. */
export function toFlag(consoleDb: ConsoleDb, value: boolean): number | boolean {
  return consoleDb.dialect === 'sqlite' ? (value ? 1 : 0) : value;
}

export function fromFlag(value: number | boolean): boolean {
  return value === true || value === 1;
}

/** The length of a JSON array held as text. */
export function jsonArrayLength(consoleDb: ConsoleDb, column: RawBuilder<unknown>): RawBuilder<number> {
  return consoleDb.dialect === 'sqlite'
    ? sql<number>`json_array_length(${column})`
    : sql<number>`json_array_length(${column}::json)`;
}

/**
 * A FROM item over the elements of a JSON array held as text, named `alias`, with columns `value` (for a string
 * element, the string; for an object, its JSON text, readable with `->>`) and `key` (its position).
 */
export function jsonElements(
  consoleDb: ConsoleDb,
  column: RawBuilder<unknown>,
  alias: string,
): RawBuilder<unknown> {
  const name = sql.id(alias);
  return consoleDb.dialect === 'sqlite'
    ? sql`json_each(${column}) AS ${name}`
    : sql`jsonb_array_elements(${column}::jsonb) WITH ORDINALITY AS ${name}(value, key)`;
}

/** A string element of `jsonElements` as text. */
export function elementText(consoleDb: ConsoleDb, alias: string): RawBuilder<string> {
  const value = sql.ref(`${alias}.value`);
  return consoleDb.dialect === 'sqlite' ? sql<string>`${value}` : sql<string>`(${value} #>> '{}')`;
}

/** An object element of `jsonElements` as JSON text, for JSON.parse. */
export function elementJson(consoleDb: ConsoleDb, alias: string): RawBuilder<string> {
  const value = sql.ref(`${alias}.value`);
  return consoleDb.dialect === 'sqlite' ? sql<string>`${value}` : sql<string>`${value}::text`;
}

/** A field of an object element of `jsonElements`, as text. */
export function elementField(alias: string, field: string): RawBuilder<string> {
  return sql<string>`${sql.ref(`${alias}.value`)} ->> ${sql.lit(field)}`;
}

/** Whether `text` contains `part`, ignoring case. */
export function containsIgnoringCase(
  consoleDb: ConsoleDb,
  text: RawBuilder<unknown>,
  part: string,
): RawBuilder<boolean> {
  return consoleDb.dialect === 'sqlite'
    ? sql<boolean>`instr(lower(${text}), lower(${part})) > 0`
    : sql<boolean>`strpos(lower(${text}), lower(${part})) > 0`;
}

/**
 * `table AS alias`, on SQLite naming the index to use: without statistics SQLite may walk the primary key through
 * every row already answered instead (server/store/import-runs-statements.ts). PostgreSQL plans by statistics.
 */
export function tableUsingIndex(
  consoleDb: ConsoleDb,
  table: string,
  alias: string | undefined,
  index: string,
): RawBuilder<unknown> {
  const named = alias === undefined ? sql.table(table) : sql`${sql.table(table)} AS ${sql.id(alias)}`;
  return consoleDb.dialect === 'sqlite' ? sql`${named} INDEXED BY ${sql.id(index)}` : named;
}

/** A column that orders a table's rows by insertion: SQLite's rowid, PostgreSQL's `seq` (migrations.ts). */
export function insertionOrder(consoleDb: ConsoleDb, alias: string): RawBuilder<unknown> {
  return sql.ref(`${alias}.${consoleDb.dialect === 'sqlite' ? 'rowid' : 'seq'}`);
}

/** A numeric element of `jsonElements` as a number. */
export function elementNumber(consoleDb: ConsoleDb, alias: string): RawBuilder<number> {
  const value = sql.ref(`${alias}.value`);
  return consoleDb.dialect === 'sqlite' ? sql<number>`${value}` : sql<number>`(${value})::bigint`;
}
