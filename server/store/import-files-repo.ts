// Storage of uploaded import files and their rows (migration 2: `import_files`, `import_file_rows`). Rows go in
// and out in pages, each its own short transaction, so a big file never passes through JS memory whole.
import { randomUUID } from 'node:crypto';
import type { ImportDelimiter } from '../contract/imports';
import type { SqliteDb } from './database';

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

/** The lookup keys of a file seen so far, in a temporary table: `see` answers the row that had `key` first. */
export interface KeyLedger {
  see(key: string, row: number): number | undefined;
  /** Drops the table; call once done (a table left behind goes with the connection). */
  close(): void;
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
  constructor(protected readonly db: SqliteDb) {}

  /** Records a file before its rows arrive (size and count 0 until `finishFile`). */
  createFile(file: NewImportFile): void {
    this.db
      .prepare(
        `INSERT INTO import_files (id, user_id, name, size_bytes, delimiter, columns, row_count, created_at_ms)
         VALUES (?, ?, ?, 0, ?, ?, 0, ?)`,
      )
      .run(file.id, file.userId, file.name, file.delimiter, JSON.stringify(file.columns), file.createdAtMs);
  }

  /** Appends a batch of rows in one transaction. */
  addRows(fileId: string, rows: readonly FileRow[]): void {
    const insert = this.db.prepare('INSERT INTO import_file_rows (file_id, row, cells) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const { row, cells } of rows) insert.run(fileId, row, JSON.stringify(cells));
    })();
  }

  finishFile(fileId: string, sizeBytes: number, rowCount: number): void {
    this.db
      .prepare('UPDATE import_files SET size_bytes = ?, row_count = ? WHERE id = ?')
      .run(sizeBytes, rowCount, fileId);
  }

  /**
   * Removes up to `limit` rows of a file no job uses, and the file itself once none is left, in one transaction.
   * Answers how many rows it removed (0: the file is gone, or a job uses it and it stays).
   */
  deleteFilePage(fileId: string, limit: number): number {
    return this.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM import_jobs WHERE file_id = ?').get(fileId)) return 0;
      const removed = this.db
        .prepare(
          `DELETE FROM import_file_rows
           WHERE file_id = ? AND row IN (SELECT row FROM import_file_rows WHERE file_id = ? ORDER BY row LIMIT ?)`,
        )
        .run(fileId, fileId, limit).changes;
      if (removed === 0) this.db.prepare('DELETE FROM import_files WHERE id = ?').run(fileId);
      return removed;
    });
  }

  /** Files no job uses, uploaded before `beforeMs`: checked and abandoned, or left by a crash mid-upload. */
  unusedFileIds(beforeMs: number): string[] {
    return this.db
      .prepare(
        `SELECT id FROM import_files
         WHERE created_at_ms < ? AND NOT EXISTS (SELECT 1 FROM import_jobs j WHERE j.file_id = import_files.id)`,
      )
      .pluck()
      .all(beforeMs) as string[];
  }

  file(id: string): ImportFileRecord | undefined {
    if (filesBeingDeleted.has(id)) return undefined;
    const row = this.db.prepare('SELECT * FROM import_files WHERE id = ?').get(id) as FileRowData | undefined;
    return row && toFile(row);
  }

  /** The first `limit` data rows' cells. */
  sample(fileId: string, limit: number): string[][] {
    const rows = this.db
      .prepare('SELECT cells FROM import_file_rows WHERE file_id = ? ORDER BY row LIMIT ?')
      .all(fileId, limit) as { cells: string }[];
    return rows.map((row) => JSON.parse(row.cells) as string[]);
  }

  /** Up to `limit` data rows after spreadsheet row `afterRow`, in order: keyset paging over the primary key. */
  rowsAfter(fileId: string, afterRow: number, limit: number): FileRow[] {
    const rows = this.db
      .prepare('SELECT row, cells FROM import_file_rows WHERE file_id = ? AND row > ? ORDER BY row LIMIT ?')
      .all(fileId, afterRow, limit) as { row: number; cells: string }[];
    return rows.map((data) => ({ row: data.row, cells: JSON.parse(data.cells) as string[] }));
  }

  /**
   * A new, empty ledger of lookup keys. It lives in SQLite's temporary storage (a page cache, spilled to a
   * temporary file), so a file of a million distinct keys costs no JS heap. Writes are fastest inside
   * `transaction`.
   */
  keyLedger(): KeyLedger {
    const table = `temp.import_keys_${randomUUID().replaceAll('-', '')}`;
    this.db.exec(`CREATE TABLE ${table} (key TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID`);
    const claim = this.db.prepare(
      `INSERT INTO ${table} (key, row) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
    );
    const first = this.db.prepare(`SELECT row FROM ${table} WHERE key = ?`).pluck();
    return {
      see: (key, row) => (claim.run(key, row).changes > 0 ? undefined : (first.get(key) as number)),
      close: () => {
        if (this.db.open) this.db.exec(`DROP TABLE IF EXISTS ${table}`);
      },
    };
  }

  /** Runs `work` in one transaction (nested calls become savepoints). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
