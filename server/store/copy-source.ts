// The SQLite console database `npm run migrate-db` copies from (server/store/copy-to-postgres.ts), opened read-only
// and read page by page inside one read transaction: every page, of the copy and of its verification, sees the
// same moment of the file, and a console still writing it cannot tear the copy. Its schema must be exactly this
// version's (server/store/migrations.ts): an older file is brought up to date by starting the console on it once,
// and a newer one belongs to a newer console.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { CopiedTable } from './copied-tables';
import { MIGRATIONS } from './migrations';
import { sqliteBinding } from './sqlite-binding';

/** A refusal to copy, with a message meant for the person at the terminal; nothing was written. */
export class CopyRefusedError extends Error {}

export type SourceRow = Record<string, unknown>;

/** The page key columns are read under these names, apart from the row's own columns. */
const orderAlias = (index: number) => `__order_${index}`;

export class CopySource {
  private constructor(
    private readonly raw: Database.Database,
    readonly file: string,
  ) {}

  /** Opens `file` read-only and checks its schema version; throws CopyRefusedError when it cannot be copied. */
  static open(file: string): CopySource {
    if (file === ':memory:') throw new CopyRefusedError('the source is :memory:; name a database file.');
    const path = resolve(file);
    if (!existsSync(path)) throw new CopyRefusedError(`no console database at ${path}.`);
    let raw: Database.Database;
    try {
      raw = new Database(path, { readonly: true, fileMustExist: true, ...sqliteBinding() });
      raw.pragma('busy_timeout = 5000');
      // better-sqlite3's 16 MB page cache would hold pages read once; the OS caches the file anyway.
      raw.pragma('cache_size = -2000');
    } catch (error) {
      throw new CopyRefusedError(`${path} cannot be opened: ${(error as Error).message}`);
    }
    const source = new CopySource(raw, path);
    try {
      source.checkVersion();
      // One read transaction from here to close: the snapshot starts at the first read.
      raw.exec('BEGIN');
    } catch (error) {
      raw.close();
      throw error;
    }
    return source;
  }

  private checkVersion(): void {
    let applied: string[];
    try {
      applied = this.raw.prepare('SELECT name FROM console_migrations').pluck().all() as string[];
    } catch {
      throw new CopyRefusedError(
        `${this.file} is not a console database of this version (it has no console_migrations table). If it is ` +
          'an older console database, start the console on it once so it is brought up to date, then copy it.',
      );
    }
    const known = new Set(MIGRATIONS.map((migration) => migration.name));
    const newer = applied.filter((name) => !known.has(name));
    if (newer.length > 0) {
      throw new CopyRefusedError(
        `${this.file} was written by a newer console (its schema has ${newer.join(', ')}, which this version ` +
          'does not know). Copy it with that version.',
      );
    }
    const missing = MIGRATIONS.filter((migration) => !applied.includes(migration.name));
    if (missing.length > 0) {
      throw new CopyRefusedError(
        `${this.file} is from an older console (it lacks ${missing.map((m) => m.name).join(', ')}). Start this ` +
          'version of the console on it once, so it is brought up to date, then copy it.',
      );
    }
  }

  count(table: CopiedTable): number {
    return this.raw.prepare(`SELECT count(*) FROM "${table.name}"`).pluck().get() as number;
  }

  /**
   * The table's rows, `pageSize` at a time, in `sqliteOrder`, each page read by its key after the last one's: a
   * page is all that is held in memory.
   */
  *pages(table: CopiedTable, pageSize: number): Generator<SourceRow[]> {
    const columns = table.columns.map((column) => `"${column}"`).join(', ');
    const order = table.sqliteOrder.map((column) => `"${column}"`);
    const keys = order.map((column, index) => `${column} AS ${orderAlias(index)}`).join(', ');
    const head = `SELECT ${keys}, ${columns} FROM "${table.name}"`;
    const tail = `ORDER BY ${order.join(', ')} LIMIT ${pageSize}`;
    const first = this.raw.prepare(`${head} ${tail}`);
    const placeholders = order.map(() => '?').join(', ');
    const next = this.raw.prepare(`${head} WHERE (${order.join(', ')}) > (${placeholders}) ${tail}`);
    let after: unknown[] | undefined;
    for (;;) {
      const rows = (after ? next.all(...after) : first.all()) as SourceRow[];
      if (rows.length === 0) return;
      const last = rows.at(-1)!;
      after = order.map((_, index) => last[orderAlias(index)]);
      for (const row of rows) order.forEach((_, index) => delete row[orderAlias(index)]);
      yield rows;
      if (rows.length < pageSize) return;
    }
  }

  /**
   * The id the next row of `table` would get: past its largest id and past any id AUTOINCREMENT handed out
   * before (rows later deleted by retention keep their ids used).
   */
  nextId(table: string, column: string): number {
    const largest = this.raw.prepare(`SELECT max("${column}") FROM "${table}"`).pluck().get() as
      number | null;
    const handedOut = this.raw
      .prepare('SELECT seq FROM sqlite_sequence WHERE name = ?')
      .pluck()
      .get(table) as number | undefined;
    return Math.max(largest ?? 0, handedOut ?? 0) + 1;
  }

  close(): void {
    if (this.raw.inTransaction) this.raw.exec('COMMIT');
    this.raw.close();
  }
}
