// The row-by-row check after `npm run migrate-db` copies SQLite into PostgreSQL (server/store/copy-to-postgres.ts):
// each page of a source table is looked up on the target by primary key, and every column of every row must be
// equal, value and type; equal counts then rule out extra rows on the target. Copied rows that pg numbers in
// insertion order (import_jobs.seq) must be numbered in the source's order. The first difference is reported.
import { sql, type Kysely } from 'kysely';
import type { CopiedTable } from './copied-tables';
import type { CopySource, SourceRow } from './copy-source';
import { COPY_PAGE_ROWS, type TableCount } from './copy-to-postgres';
import { postgresConsoleDb } from './kysely';
import type { Database } from './schema';

/** Columns whose values are secrets (hashes, tokens): a difference is named, its values are not printed. */
const SECRET_COLUMNS = new Set(['password_hash', 'csrf_token', 'id_hash']);

export interface TableVerification extends TableCount {
  targetRows: number;
}

export interface VerifyResult {
  tables: TableVerification[];
  /** The first difference found, in words; undefined when both sides are identical. */
  mismatch?: string;
}

/** Alias of the target's insertion sequence in the lookup's answer. */
const SEQUENCE = '__sequence';

/** A value as compared: `disabled` is 0/1 on SQLite and a boolean on PostgreSQL. */
function comparable(column: string, value: unknown): unknown {
  return column === 'disabled' && (value === 0 || value === 1) ? value === 1 : value;
}

function shown(column: string, value: unknown): string {
  if (SECRET_COLUMNS.has(column)) return '(not shown)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function keyOf(table: CopiedTable, row: SourceRow): string {
  return JSON.stringify(table.primaryKey.map((column) => row[column]));
}

function describeKey(table: CopiedTable, row: SourceRow): string {
  return table.primaryKey.map((column) => `${column} ${shown(column, row[column])}`).join(', ');
}

/** The target rows with the primary keys of `page`, by key. */
async function targetRows(
  db: Kysely<Database>,
  table: CopiedTable,
  page: readonly SourceRow[],
): Promise<Map<string, SourceRow>> {
  const keys = page.map((row) => Object.fromEntries(table.primaryKey.map((column) => [column, row[column]])));
  const columns = table.columns.map((column) => sql.ref(`t.${column}`));
  if (table.targetSequence)
    columns.push(sql`${sql.ref(`t.${table.targetSequence}`)} AS ${sql.ref(SEQUENCE)}`);
  const joined = sql.join(
    table.primaryKey.map((column) => sql`${sql.ref(`t.${column}`)} = ${sql.ref(`k.${column}`)}`),
    sql` AND `,
  );
  const { rows } = await sql<SourceRow>`SELECT ${sql.join(columns)}
    FROM json_populate_recordset(NULL::${sql.table(table.name)}, ${JSON.stringify(keys)}::json) AS k
    JOIN ${sql.table(table.name)} AS t ON ${joined}`.execute(db);
  return new Map(rows.map((row) => [keyOf(table, row), row]));
}

/** The first difference between `page` and the target's rows with the same keys, in words. */
function firstDifference(
  table: CopiedTable,
  page: readonly SourceRow[],
  found: Map<string, SourceRow>,
  sequence: { last: number },
): string | undefined {
  for (const row of page) {
    const target = found.get(keyOf(table, row));
    const where = `${table.name} row ${describeKey(table, row)}`;
    if (!target) return `${where} is missing on the target.`;
    for (const column of table.columns) {
      const expected = comparable(column, row[column]);
      const actual = comparable(column, target[column]);
      if (expected !== actual) {
        return `${where}: ${column} differs (source ${shown(column, expected)}, target ${shown(column, actual)}).`;
      }
    }
    if (table.targetSequence) {
      const number = Number(target[SEQUENCE]);
      if (!(number > sequence.last)) {
        return `${where} is out of order on the target (${table.targetSequence} ${number} after ${sequence.last}).`;
      }
      sequence.last = number;
    }
  }
  return undefined;
}

async function countBoth(
  db: Kysely<Database>,
  source: CopySource,
  table: CopiedTable,
): Promise<TableVerification> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table.name)}`.execute(db);
  return { table: table.name, rows: source.count(table), targetRows: Number(rows[0]?.n ?? 0) };
}

async function verifyTable(
  db: Kysely<Database>,
  source: CopySource,
  table: CopiedTable,
): Promise<{ counts: TableVerification; mismatch?: string }> {
  const counts = await countBoth(db, source, table);
  const sequence = { last: Number.NEGATIVE_INFINITY };
  for (const page of source.pages(table, COPY_PAGE_ROWS)) {
    const mismatch = firstDifference(table, page, await targetRows(db, table, page), sequence);
    if (mismatch) return { counts, mismatch };
  }
  // Every source row is on the target, keys are unique: more target rows can only be rows the source lacks.
  if (counts.targetRows !== counts.rows) {
    return {
      counts,
      mismatch: `${table.name} has ${counts.targetRows} rows on the target and ${counts.rows} in the source.`,
    };
  }
  return { counts };
}

/**
 * Compares `tables` of `source` with the PostgreSQL database at `url`, every column of every row. Stops comparing
 * rows at the first difference; counts every table.
 */
export async function verifyCopy(
  source: CopySource,
  url: string,
  tables: readonly CopiedTable[],
): Promise<VerifyResult> {
  const target = postgresConsoleDb(url, { max: 1 });
  try {
    const result: VerifyResult = { tables: [] };
    for (const table of tables) {
      if (result.mismatch) {
        result.tables.push(await countBoth(target.db, source, table));
        continue;
      }
      const { counts, mismatch } = await verifyTable(target.db, source, table);
      result.tables.push(counts);
      if (mismatch) result.mismatch = mismatch;
    }
    return result;
  } finally {
    await target.close();
  }
}
