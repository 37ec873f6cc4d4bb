// `npm run migrate-db`: a SQLite console database into an empty PostgreSQL one (scripts/migrate-db.ts). The target
// is migrated with the console's own steps first (server/store/migrate.ts), so its schema is the one a replica
// creates; then every table of server/store/copied-tables.ts is copied in one transaction, a page at a time, ids
// kept, and the identities moved past the copied ids. The audit trail only accepts INSERT on PostgreSQL
// (migrations.ts), and INSERT is all the copy does. server/store/verify-copy.ts then compares both sides.
import { sql, type Kysely } from 'kysely';
import { COPIED_TABLES, TARGET_IDENTITIES, type CopiedTable } from './copied-tables';
import { CopyRefusedError, type CopySource, type SourceRow } from './copy-source';
import { postgresConsoleDb } from './kysely';
import { migratePostgres } from './migrate';
import { MIGRATIONS } from './migrations';
import type { Database } from './schema';

/** Rows per INSERT: one JSON parameter each, so the bound-parameter limit never applies. */
export const COPY_PAGE_ROWS = 1000;

export interface CopyOptions {
  /** Leaves the sessions behind: everyone signs in again on the new database. */
  withoutSessions?: boolean;
  /** Told after each table is copied. */
  onTable?: (table: string, rows: number) => void;
}

export interface TableCount {
  table: string;
  rows: number;
}

/** The tables a copy with these options takes. */
export function tablesToCopy(options: Pick<CopyOptions, 'withoutSessions'>): readonly CopiedTable[] {
  return COPIED_TABLES.filter((table) => !(options.withoutSessions && table.name === 'sessions'));
}

/** `table` of the target, or null when the target has no such table yet. */
async function tableExists(db: Kysely<Database>, table: string): Promise<boolean> {
  const { rows } = await sql<{ found: string | null }>`SELECT to_regclass(${table}) AS found`.execute(db);
  return rows[0]?.found != null;
}

/** The copied tables of the target that hold rows, with their counts. */
async function tablesWithRows(db: Kysely<Database>): Promise<TableCount[]> {
  const found: TableCount[] = [];
  for (const table of COPIED_TABLES) {
    if (!(await tableExists(db, table.name))) continue;
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table.name)}`.execute(db);
    const count = Number(rows[0]?.n ?? 0);
    if (count > 0) found.push({ table: table.name, rows: count });
  }
  return found;
}

function refuseNonEmpty(withRows: readonly TableCount[]): void {
  if (withRows.length === 0) return;
  const listed = withRows.map(({ table, rows }) => `${table} ${rows}`).join(', ');
  throw new CopyRefusedError(
    `the target already holds console data (${listed}); nothing was copied. Copy into a new, empty database, ` +
      'before any replica has started on it.',
  );
}

/** Refuses a target a newer console has migrated: its schema may not be what this version writes. */
async function refuseNewerTarget(db: Kysely<Database>): Promise<void> {
  if (!(await tableExists(db, 'console_migrations'))) return;
  const known = new Set(MIGRATIONS.map((migration) => migration.name));
  const { rows } = await sql<{ name: string }>`SELECT name FROM console_migrations`.execute(db);
  const newer = rows.map((row) => row.name).filter((name) => !known.has(name));
  if (newer.length > 0) {
    throw new CopyRefusedError(
      `the target was migrated by a newer console (${newer.join(', ')}); copy with that version.`,
    );
  }
}

/** A source row as the target column types take it: `disabled` is 0/1 on SQLite and a boolean on PostgreSQL. */
function toTarget(row: SourceRow): SourceRow {
  return 'disabled' in row ? { ...row, disabled: Boolean(row.disabled) } : row;
}

async function copyTable(trx: Kysely<Database>, source: CopySource, table: CopiedTable): Promise<number> {
  const columns = sql.join(table.columns.map((column) => sql.ref(column)));
  const picked = sql.join(table.columns.map((column) => sql.ref(`r.${column}`)));
  let copied = 0;
  for (const page of source.pages(table, COPY_PAGE_ROWS)) {
    // In page order, so a pg sequence (import_jobs.seq) numbers the rows as SQLite's rowid did.
    await sql`INSERT INTO ${sql.table(table.name)} (${columns})
      SELECT ${picked}
      FROM json_populate_recordset(NULL::${sql.table(table.name)}, ${JSON.stringify(page.map(toTarget))}::json)
        WITH ORDINALITY AS r
      ORDER BY r.ordinality`.execute(trx);
    copied += page.length;
  }
  return copied;
}

/**
 * Copies `source` into the PostgreSQL database at `url`, which must hold no console data (CopyRefusedError
 * otherwise, before anything is written). Answers the rows copied per table.
 */
export async function copyToPostgres(
  source: CopySource,
  url: string,
  options: CopyOptions = {},
): Promise<TableCount[]> {
  const target = postgresConsoleDb(url, { max: 1 });
  try {
    await refuseNewerTarget(target.db);
    refuseNonEmpty(await tablesWithRows(target.db));
    await migratePostgres(url, Date.now());
    const tables = tablesToCopy(options);
    return await target.db.transaction().execute(async (trx) => {
      // Nobody writes the tables while they are checked and filled: a replica started meanwhile waits for the
      // commit (reads go on), and a second copy finds the first one's rows.
      const names = sql.join(COPIED_TABLES.map((table) => sql.table(table.name)));
      await sql`LOCK TABLE ${names} IN EXCLUSIVE MODE`.execute(trx);
      refuseNonEmpty(await tablesWithRows(trx));
      const counts: TableCount[] = [];
      for (const table of tables) {
        const rows = await copyTable(trx, source, table);
        counts.push({ table: table.name, rows });
        options.onTable?.(table.name, rows);
      }
      for (const { table, column } of TARGET_IDENTITIES) {
        await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), ${source.nextId(table, column)}, false)`.execute(
          trx,
        );
      }
      return counts;
    });
  } finally {
    await target.close();
  }
}
