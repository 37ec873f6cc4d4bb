// Upload: the request body streams through the CSV reader into `import_file_rows`, 250 rows per transaction,
// so a 50 MB file never sits in memory whole. A file that fails half-way leaves nothing behind.
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { IMPORT_SAMPLE_ROWS, type ImportFile } from '../contract/imports';
import { filesBeingDeleted, type FileRow } from '../store/import-files-repo';
import type { ImportsRepo } from '../store/imports-repo';
import { readCsv } from './csv-reader';

/** Rows per transaction and per turn of the event loop: with 1,000, answers to others took 26 ms (p50), now 9. */
const BATCH_ROWS = 250;
/** Files checked but never imported are kept this long. */
export const UNUSED_FILE_TTL_MS = 24 * 3600_000;

export interface IngestRequest {
  body: Readable;
  name: string;
  userId: number;
  maxBytes: number;
  nowMs: number;
}

/** Removes a file no job uses, a page of rows per transaction: a 50 MB file is 500,000 rows. */
async function deleteFile(repo: ImportsRepo, fileId: string): Promise<void> {
  filesBeingDeleted.add(fileId);
  try {
    while ((await repo.deleteFilePage(fileId, BATCH_ROWS)) > 0) await nextTurn();
  } finally {
    filesBeingDeleted.delete(fileId);
  }
}

/** Reads and stores the file; throws `CsvFileError` (400 or 413) for anything that is not a usable CSV. */
export async function ingestFile(repo: ImportsRepo, request: IngestRequest): Promise<ImportFile> {
  for (const unused of await repo.unusedFileIds(request.nowMs - UNUSED_FILE_TTL_MS))
    await deleteFile(repo, unused);
  const csv = await readCsv(request.body, { maxBytes: request.maxBytes });
  const id = randomUUID();
  await repo.createFile({
    id,
    userId: request.userId,
    name: request.name,
    delimiter: csv.delimiter,
    columns: csv.columns,
    createdAtMs: request.nowMs,
  });
  const sample: string[][] = [];
  let rowCount = 0;
  try {
    let batch: FileRow[] = [];
    for await (const { row, cells } of csv.rows) {
      if (sample.length < IMPORT_SAMPLE_ROWS) sample.push(sampleCells(cells, csv.columns.length));
      batch.push({ row, cells });
      rowCount += 1;
      if (batch.length === BATCH_ROWS) {
        await repo.addRows(id, batch);
        batch = [];
        // Rows already read come out of the parser as promises that resolve at once, so without a turn of the
        // event loop here a fast upload is parsed and stored in one run of up to a few MB, and every other
        // request waits (measured: 0.8 s per answer while a 50 MB file came in).
        await nextTurn();
      }
    }
    await repo.addRows(id, batch);
    await repo.finishFile(id, csv.bytesRead(), rowCount);
  } catch (error) {
    await deleteFile(repo, id);
    throw error;
  }
  return {
    id,
    name: request.name,
    sizeBytes: csv.bytesRead(),
    delimiter: csv.delimiter,
    columns: csv.columns,
    rowCount,
    sample,
  };
}

const SAMPLE_CELL_CHARS = 200;

/** A sample row as the page shows it: the header's width, each value cut short (a 3 MB cell is stored, not shown). */
function sampleCells(cells: readonly string[], width: number): string[] {
  return cells
    .slice(0, width)
    .map((cell) => (cell.length > SAMPLE_CELL_CHARS ? `${cell.slice(0, SAMPLE_CELL_CHARS)}…` : cell));
}
