// Reads an uploaded CSV body as a stream of rows through csv-parse. Nothing here holds the whole file: bytes are
// checked (size, binary, UTF-8) as they pass, and rows come out as the caller asks for them, so a slow consumer
// (the database) holds the upload back instead of letting it pile up in memory.
import { Readable, pipeline } from 'node:stream';
import { CsvError, type InfoRecord, parse } from 'csv-parse';
import { MAX_IMPORT_COLUMNS, type ImportDelimiter } from '../contract/imports';
import { CsvFileError, fileErrorOf } from './csv-file-error';
import { type CheckedChunk, WEB_PAGE, WEB_PAGE_PREFIX, checkedChunks, isWebPage } from './csv-text-chunks';
import { HeaderSniffer } from './delimiter-sniffer';

// Callers (the upload route, the tests) catch it from here, where it is thrown.
export { CsvFileError } from './csv-file-error';

export interface CsvRow {
  row: number;
  cells: string[];
}

export interface CsvRecords {
  delimiter: ImportDelimiter;
  /** Header cells, trimmed. */
  columns: string[];
  /**
   * Data rows in order (header excluded; blank lines skipped), each with its spreadsheet row number (header = 1).
   * Iterate it once, to the end or until you break out: either way the input is released.
   */
  rows: AsyncIterable<CsvRow>;
  /** Bytes read from the input so far. */
  bytesRead(): number;
}

/**
 * Longest record accepted, in bytes. Far above any real row (a field holds at most 65,535 characters), it bounds
 * what a quote that is never closed can pull into memory before the file is refused.
 */
const MAX_RECORD_BYTES = 4 * 1024 * 1024;

/**
 * Reads the header (sniffing the delimiter among , ; tab from the first record's line), then streams rows.
 * Rejects, or throws from iterating `rows`, with `CsvFileError` (binary/not UTF-8/not CSV, unterminated quote,
 * header problems, too large). Other errors of the input itself (an aborted upload) pass through unchanged.
 */
export async function readCsv(input: Readable, options: { maxBytes: number }): Promise<CsvRecords> {
  let bytes = 0;
  const chunks = checkedChunks(input, options.maxBytes, (count) => {
    bytes += count;
  });
  const header = new HeaderSniffer(MAX_RECORD_BYTES);
  const head: Buffer[] = [];
  let opening = '';
  while (!header.complete) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value.bytes);
    header.feed(next.value.text);
    // trimStart drops the BOM as well as blank space.
    if (opening.length < WEB_PAGE_PREFIX)
      opening = (opening + next.value.text).trimStart().slice(0, WEB_PAGE_PREFIX);
  }
  if (isWebPage(opening)) {
    void chunks.return(undefined).catch(() => undefined);
    throw new CsvFileError(WEB_PAGE, { reason: 'csv_web_page' });
  }
  const delimiter = header.delimiter();

  const parser = parse({
    delimiter,
    bom: true,
    // A short or long row reaches the row check as a `column_count` problem instead of failing the file.
    relax_column_count: true,
    skip_empty_lines: true,
    // Every line ending, even mixed in one file (csv-parse would otherwise keep to the first one it meets).
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_RECORD_BYTES,
    info: true,
  });
  // Errors reach the caller through the parser's iterator (pipeline destroys every stage with the first one).
  pipeline(Readable.from(replay(head, chunks), { objectMode: false }), parser, () => {});
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<ParsedRecord>;

  let columns: string[];
  try {
    const first = await nextRecord(records);
    if (first === undefined) throw new CsvFileError('The file is empty', { reason: 'csv_empty' });
    columns = checkedHeader(first.cells);
  } catch (error) {
    parser.destroy();
    void chunks.return(undefined).catch(() => undefined);
    throw error;
  }
  return {
    delimiter,
    columns,
    rows: { [Symbol.asyncIterator]: () => dataRows(records) },
    bytesRead: () => bytes,
  };
}

/** The chunks read ahead for the header, then the rest; closing it closes the input. */
async function* replay(head: Buffer[], rest: AsyncGenerator<CheckedChunk>): AsyncGenerator<Buffer> {
  try {
    yield* head;
    for await (const chunk of { [Symbol.asyncIterator]: () => rest }) yield chunk.bytes;
  } finally {
    await rest.return(undefined);
  }
}

function checkedHeader(cells: readonly string[]): string[] {
  if (cells.length > MAX_IMPORT_COLUMNS) {
    throw new CsvFileError(
      `The header row has ${cells.length} columns; an import takes at most ${MAX_IMPORT_COLUMNS}`,
      { reason: 'csv_too_many_columns', params: { count: cells.length, max: MAX_IMPORT_COLUMNS } },
    );
  }
  const columns = cells.map((cell) => cell.trim());
  const seen = new Map<string, string>();
  columns.forEach((column, index) => {
    if (column === '')
      throw new CsvFileError(`The header row has an empty column name (column ${index + 1})`, {
        reason: 'csv_header_empty',
        params: { column: index + 1 },
      });
    const key = column.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new CsvFileError(`Two columns are both called "${earlier}"`, {
        reason: 'csv_header_duplicate',
        params: { name: earlier },
      });
    }
    seen.set(key, column);
  });
  return columns;
}

async function* dataRows(records: AsyncIterator<ParsedRecord>): AsyncGenerator<CsvRow> {
  try {
    for (;;) {
      const record = await nextRecord(records);
      if (record === undefined) return;
      yield record;
    }
  } finally {
    // Breaking out early destroys the parser, which stops reading the input.
    await records.return?.();
  }
}

/** What csv-parse yields with `info: true`. */
interface ParsedRecord {
  record: string[];
  info: InfoRecord;
}

async function nextRecord(records: AsyncIterator<ParsedRecord>): Promise<CsvRow | undefined> {
  try {
    const next = await records.next();
    if (next.done) return undefined;
    const { record, info } = next.value;
    // Skipped blank lines still count, as they do in a spreadsheet; line breaks inside quotes do not.
    return { row: info.records + info.empty_lines, cells: record.map(withoutFormulaGuard) };
  } catch (error) {
    throw error instanceof CsvError ? fileErrorOf(error, MAX_RECORD_BYTES) : error;
  }
}

/**
 * Our own downloads (the results CSV) put an apostrophe before a cell starting with = + - @ tab or CR, so that a
 * spreadsheet shows it as text instead of running it as a formula (server/audit/csv.ts). Spreadsheets keep that
 * apostrophe in the cell, so a results file fixed and uploaded again would send "'+52 55…" to Marketo. It goes
 * here, exactly one, and only before those characters. A spreadsheet never writes such an apostrophe itself
 * (typed in a cell, it only marks the cell as text), so a file from anywhere else loses nothing real.
 */
const FORMULA_GUARD = /^'(?=[=+\-@\t\r])/;

function withoutFormulaGuard(cell: string): string {
  return cell.replace(FORMULA_GUARD, '');
}
