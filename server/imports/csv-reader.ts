// Reads an uploaded CSV body as a stream of rows through csv-parse. Nothing here holds the whole file: bytes are
// checked (size, binary, UTF-8) as they pass, and rows come out as the caller asks for them, so a slow consumer
// (the database) holds the upload back instead of letting it pile up in memory.
import { Readable, pipeline } from 'node:stream';
import { CsvError, type InfoRecord, parse } from 'csv-parse';
import { MAX_IMPORT_COLUMNS, type ImportDelimiter } from '../contract/imports';

/** A file that cannot be read as CSV; `message` is shown to the user as is. `status` 413 for too large, else 400. */
export class CsvFileError extends Error {
  readonly status: 400 | 413;

  constructor(message: string, status: 400 | 413 = 400) {
    super(message);
    this.name = 'CsvFileError';
    this.status = status;
  }
}

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

const BINARY =
  'This file is not a CSV text file: it contains binary data (is it an Excel workbook? Save it as CSV UTF-8 first).';
const NOT_UTF8 = 'This file is not UTF-8 text: save it as CSV UTF-8 and upload it again.';
const UTF16 = 'This file is UTF-16 text: save it as CSV UTF-8 and upload it again.';
const WEB_PAGE = 'This file is a web page (HTML/XML), not CSV: export the list as CSV and try again.';

// How a saved web page (or an "XML spreadsheet") starts, after any BOM and blank space; compared in lower case.
const WEB_PAGE_STARTS = ['<!doctype html', '<html', '<?xml'];
const WEB_PAGE_PREFIX = Math.max(...WEB_PAGE_STARTS.map((start) => start.length));

// Signatures of files people pick by mistake: zip (xlsx, ods), the old Excel .xls, PDF and images.
const BINARY_STARTS = [
  Buffer.from('PK\x03\x04', 'latin1'),
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0]),
  Buffer.from('%PDF', 'latin1'),
  Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  Buffer.from([0xff, 0xd8, 0xff]),
  Buffer.from('GIF8', 'latin1'),
];
const UTF16_STARTS = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];
const SIGNATURE_BYTES = 4;

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
  const header = new HeaderSniffer();
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
    throw new CsvFileError(WEB_PAGE);
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
    if (first === undefined) throw new CsvFileError('The file is empty');
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

interface CheckedChunk {
  bytes: Buffer;
  text: string;
}

/**
 * The input's chunks, refused as soon as they are too many bytes or not UTF-8 text. Stopping (an error, or the
 * caller breaking out) stops reading but leaves the input undestroyed: destroying an HTTP request kills its
 * socket, and the route still has to answer 413 or 400 on it.
 */
async function* checkedChunks(
  input: Readable,
  maxBytes: number,
  counted: (bytes: number) => void,
): AsyncGenerator<CheckedChunk> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let total = 0;
  // The first chunk may be a single byte; signatures are checked once a few bytes have come in.
  let start: Buffer | undefined = Buffer.alloc(0);
  for await (const chunk of input.iterator({ destroyOnReturn: false }) as AsyncIterable<unknown>) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    counted(bytes.length);
    if (total > maxBytes) throw new CsvFileError(`The file is larger than ${sizeInWords(maxBytes)}`, 413);
    if (start !== undefined) {
      bytes = Buffer.concat([start, bytes]);
      if (bytes.length < SIGNATURE_BYTES) {
        start = bytes;
        continue;
      }
      checkSignature(bytes);
      start = undefined;
    }
    yield { bytes, text: decodeChunk(decoder, bytes) };
  }
  if (start !== undefined && start.length > 0) {
    checkSignature(start);
    yield { bytes: start, text: decodeChunk(decoder, start) };
  }
  decodeChunk(decoder, undefined);
}

function checkSignature(bytes: Buffer): void {
  if (UTF16_STARTS.some((signature) => startsWith(bytes, signature))) throw new CsvFileError(UTF16);
  if (BINARY_STARTS.some((signature) => startsWith(bytes, signature))) throw new CsvFileError(BINARY);
}

function isWebPage(opening: string): boolean {
  const start = opening.toLowerCase();
  return WEB_PAGE_STARTS.some((signature) => start.startsWith(signature));
}

function startsWith(bytes: Buffer, signature: Buffer): boolean {
  return bytes.length >= signature.length && bytes.subarray(0, signature.length).equals(signature);
}

/** The chunk as text (`undefined` ends the stream: a character cut off at the end is not UTF-8 either). */
function decodeChunk(decoder: TextDecoder, bytes: Buffer | undefined): string {
  // A NUL never appears in text; UTF-8 would take it, so it is looked for first.
  if (bytes?.includes(0)) throw new CsvFileError(BINARY);
  try {
    return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
  } catch {
    // Invalid UTF-8 with control bytes around it is a binary file; without them, text in another encoding.
    throw new CsvFileError(bytes && hasControlBytes(bytes) ? BINARY : NOT_UTF8);
  }
}

/** Control characters that no text export writes (tab, line feed, carriage return and escape are left out). */
function hasControlBytes(bytes: Buffer): boolean {
  return bytes.some(
    (byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x1b,
  );
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

const CANDIDATES: readonly ImportDelimiter[] = [',', ';', '\t'];

/**
 * Counts the candidate delimiters in the first record's text, outside quotes, up to its first line break outside
 * quotes. A header whose quote never closes stops being read at `MAX_RECORD_BYTES`; the parser then says why.
 */
class HeaderSniffer {
  complete = false;
  private inQuotes = false;
  private seen = 0;
  private readonly counts = new Map<string, number>(CANDIDATES.map((candidate) => [candidate, 0]));

  feed(text: string): void {
    for (const char of text) {
      if (char === '"') this.inQuotes = !this.inQuotes;
      else if (!this.inQuotes && (char === '\n' || char === '\r')) {
        // A line break before any header text ends a blank line, which the parser skips.
        if (this.seen === 0) continue;
        this.complete = true;
        return;
      } else if (!this.inQuotes) {
        const count = this.counts.get(char);
        if (count !== undefined) this.counts.set(char, count + 1);
      }
      this.seen += 1;
      if (this.seen > MAX_RECORD_BYTES) {
        this.complete = true;
        return;
      }
    }
  }

  /** The candidate seen most; a tie (or none at all: a one-column file) goes to the comma. */
  delimiter(): ImportDelimiter {
    let best: ImportDelimiter = ',';
    for (const candidate of CANDIDATES) {
      if ((this.counts.get(candidate) ?? 0) > (this.counts.get(best) ?? 0)) best = candidate;
    }
    return best;
  }
}

function checkedHeader(cells: readonly string[]): string[] {
  if (cells.length > MAX_IMPORT_COLUMNS) {
    throw new CsvFileError(
      `The header row has ${cells.length} columns; an import takes at most ${MAX_IMPORT_COLUMNS}`,
    );
  }
  const columns = cells.map((cell) => cell.trim());
  const seen = new Map<string, string>();
  columns.forEach((column, index) => {
    if (column === '')
      throw new CsvFileError(`The header row has an empty column name (column ${index + 1})`);
    const key = column.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new CsvFileError(`Two columns are both called "${earlier}"`);
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
    throw error instanceof CsvError ? fileErrorOf(error) : error;
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

/** csv-parse's error in plain words, with the spreadsheet row it happened in. */
function fileErrorOf(error: CsvError): CsvFileError {
  const row = numberOf(error.records) + numberOf(error.empty_lines) + 1;
  const column = numberOf(error.column) + 1;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvFileError(`Row ${row} has a quote that is never closed`);
    case 'CSV_MAX_RECORD_SIZE':
      return new CsvFileError(
        `Row ${row} is longer than ${sizeInWords(MAX_RECORD_BYTES)}: is a quote in it never closed?`,
      );
    case 'INVALID_OPENING_QUOTE':
      return new CsvFileError(
        `Row ${row} has a quote inside a value (column ${column}): put the whole value in quotes and double each quote inside it ("")`,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new CsvFileError(
        `Row ${row} has text after a closing quote (column ${column}): put the whole value in quotes and double each quote inside it ("")`,
      );
    default:
      return new CsvFileError(`Row ${row} cannot be read as CSV (${error.message})`);
  }
}

function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function sizeInWords(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}
