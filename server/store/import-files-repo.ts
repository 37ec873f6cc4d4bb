// Storage of uploaded import files and their rows (migration 2: `import_files`, `import_file_rows`). Rows go in
// and out in pages, each its own short transaction, so a big file never passes through JS memory whole.
import { randomUUID } from 'node:crypto';
import type { ImportDelimiter } from '../contract/imports';
import type { ConsoleDb } from './kysely';
import { executor, inTransaction } from './transaction';

/** Rows per INSERT: 3 values each, well under SQLite's 32,766 bound values. */
const INSERT_ROWS = 500;

export interface NewImportFile {
  id: string;
  userId: number;
  name: string;
  delimiter: ImportDelimiter;
  columns: readonly string[];
  createdAtMs: number;
}

export interface ImportFileRecord extends NewImportFile {
  sizeBytes: number;
  rowCount: number;
}

/** One data row of a file; `row` is the spreadsheet row number (the header is row 1). */
export interface FileRow {
  row: number;
  cells: string[];
}

interface FileRowData {
  id: string;
  user_id: number;
  name: string;
  size_bytes: number;
  delimiter: ImportDelimiter;
  columns: string;
  row_count: number;
  created_at_ms: number;
}

/**
 * Unused files whose rows are being removed a page at a time in this process (`server/imports/file-ingest.ts`):
 * such a file is already gone for anyone who asks, so no check or start reads it half-deleted.
 */
export const filesBeingDeleted = new Set<string>();

/** The lookup keys of a file seen so far (the `import_keys` table): `see` answers the row that had `key` first. */
export interface KeyLedger {
  see(key: string, row: number): Promise<number | undefined>;
  /** Forgets the keys; call once done. */
  close(): Promise<void>;
}

function toFile(row: FileRowData): ImportFileRecord {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    sizeBytes: row.size_bytes,
    delimiter: row.delimiter,
    columns: JSON.parse(row.columns) as string[],
    rowCount: row.row_count,
    createdAtMs: row.created_at_ms,
  };
}

export class ImportFilesRepo {
  constructor(protected readonly consoleDb: ConsoleDb) {}

  protected get db() {
    return executor(this.consoleDb);
  }

  /** Records a file before its rows arrive (size and count 0 until `finishFile`). */
  async createFile(file: NewImportFile): Promise<void> {
    await this.db
      .insertInto('import_files')
      .values({
        id: file.id,
        user_id: file.userId,
        name: file.name,
        size_bytes: 0,
        delimiter: file.delimiter,
        columns: JSON.stringify(file.columns),
        row_count: 0,
        created_at_ms: file.createdAtMs,
      })
      .execute();
  }

  /** Appends a batch of rows in one transaction. */
  async addRows(fileId: string, rows: readonly FileRow[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map(({ row, cells }) => ({ file_id: fileId, row, cells: JSON.stringify(cells) }));
    // One statement per slice: SQLite binds at most 32,766 values, and the slices share one transaction.
    await this.transaction(async () => {
      for (let start = 0; start < values.length; start += INSERT_ROWS) {
        await this.db
          .insertInto('import_file_rows')
          .values(values.slice(start, start + INSERT_ROWS))
          .execute();
      }
    });
  }

  async finishFile(fileId: string, sizeBytes: number, rowCount: number): Promise<void> {
    await this.db
      .updateTable('import_files')
      .set({ size_bytes: sizeBytes, row_count: rowCount })
      .where('id', '=', fileId)
      .execute();
  }

  /**
   * Removes up to `limit` rows of a file no job uses, and the file itself once none is left, in one transaction.
   * Answers how many rows it removed (0: the file is gone, or a job uses it and it stays).
   */
  deleteFilePage(fileId: string, limit: number): Promise<number> {
    return this.transaction(async () => {
      const used = await this.db
        .selectFrom('import_jobs')
        .select('id')
        .where('file_id', '=', fileId)
        .limit(1)
        .executeTakeFirst();
      if (used) return 0;
      const result = await this.db
        .deleteFrom('import_file_rows')
        .where('file_id', '=', fileId)
        .where('row', 'in', (eb) =>
          eb
            .selectFrom('import_file_rows')
            .select('row')
            .where('file_id', '=', fileId)
            .orderBy('row')
            .limit(limit),
        )
        .executeTakeFirst();
      const removed = Number(result.numDeletedRows);
      if (removed === 0) await this.db.deleteFrom('import_files').where('id', '=', fileId).execute();
      return removed;
    });
  }

  /** Files no job uses, uploaded before `beforeMs`: checked and abandoned, or left by a crash mid-upload. */
  async unusedFileIds(beforeMs: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('import_files as f')
      .select('f.id')
      .where('f.created_at_ms', '<', beforeMs)
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('import_jobs as j').select('j.id').whereRef('j.file_id', '=', 'f.id')),
        ),
      )
      .execute();
    return rows.map((row) => row.id);
  }

  async file(id: string): Promise<ImportFileRecord | undefined> {
    if (filesBeingDeleted.has(id)) return undefined;
    const row = await this.db.selectFrom('import_files').selectAll().where('id', '=', id).executeTakeFirst();
    // Checked again after the read: a removal may have begun meanwhile.
    return row && !filesBeingDeleted.has(id) ? toFile(row as FileRowData) : undefined;
  }

  /** The first `limit` data rows' cells. */
  async sample(fileId: string, limit: number): Promise<string[][]> {
    const rows = await this.db
      .selectFrom('import_file_rows')
      .select('cells')
      .where('file_id', '=', fileId)
      .orderBy('row')
      .limit(limit)
      .execute();
    return rows.map((row) => JSON.parse(row.cells) as string[]);
  }

  /** Up to `limit` data rows after spreadsheet row `afterRow`, in order: keyset paging over the primary key. */
  async rowsAfter(fileId: string, afterRow: number, limit: number): Promise<FileRow[]> {
    const rows = await this.db
      .selectFrom('import_file_rows')
      .select(['row', 'cells'])
      .where('file_id', '=', fileId)
      .where('row', '>', afterRow)
      .orderBy('row')
      .limit(limit)
      .execute();
    return rows.map((data) => ({ row: data.row, cells: JSON.parse(data.cells) as string[] }));
  }

  /**
   * A new, empty ledger of lookup keys, so a file of a million distinct keys costs no JS heap. On SQLite its
   * table is temporary (a page cache, spilled to a temporary file); on PostgreSQL an unlogged table shared by
   * the replicas' ledgers, each keyed by its own id (migrations.ts `imports`). Writes are fastest inside
   * `transaction`.
   */
  keyLedger(): KeyLedger {
    const ledgerId = randomUUID();
    return {
      see: async (key, row) => {
        const claimed = await this.db
          .insertInto('import_keys')
          .values({ ledger_id: ledgerId, key, row })
          .onConflict((conflict) => conflict.columns(['ledger_id', 'key']).doNothing())
          .executeTakeFirst();
        if (Number(claimed.numInsertedOrUpdatedRows ?? 0) > 0) return undefined;
        const first = await this.db
          .selectFrom('import_keys')
          .select('row')
          .where('ledger_id', '=', ledgerId)
          .where('key', '=', key)
          .executeTakeFirstOrThrow();
        return first.row;
      },
      close: async () => {
        await this.db.deleteFrom('import_keys').where('ledger_id', '=', ledgerId).execute();
      },
    };
  }

  /** Runs `work` in one transaction (joining one already open). */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction(this.consoleDb, work);
  }
}
