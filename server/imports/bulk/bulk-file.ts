// One Bulk Import file: the header names the REST fields the job's mapping fills, then one line per row, each
// value in the form Marketo reads from a CSV cell. A field a row leaves out (an empty cell in the user's file) is
// an empty cell here too, which Bulk Import reads as "leave the field as it is", as Sync Leads does for a field
// left out (docs/marketo-api-additions.md §16.1).
import type { MarketoValue } from '../../marketo/types';
import type { ChunkRow } from '../../store/import-runs-repo';

/**
 * The largest file the proxy uploads: Marketo refuses a request over 10 MB (HTTP 413, counting the whole
 * multipart body), so a file leaves 64 KB for the multipart envelope and a margin.
 */
export const BULK_FILE_MAX_BYTES = 10 * 1024 * 1024 - 64 * 1024;

/** A CSV cell: quoted when it holds a delimiter, a quote or a line break (RFC 4180). */
export function csvCell(value: MarketoValue | undefined): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.join(',')}\n`;
}

/** Builds a file up to `maxBytes`, a row at a time. */
export class BulkFile {
  private readonly parts: string[] = [];
  private size: number;
  readonly rows: number[] = [];

  constructor(
    readonly fields: readonly string[],
    private readonly maxBytes = BULK_FILE_MAX_BYTES,
  ) {
    const header = csvLine(fields.map(csvCell));
    this.parts.push(header);
    this.size = Buffer.byteLength(header, 'utf8');
  }

  /** Adds `row` if it fits; false (nothing added) when the file is full. A first row always fits. */
  add(row: ChunkRow): boolean {
    const line = csvLine(this.fields.map((field) => csvCell(row.fields[field])));
    const bytes = Buffer.byteLength(line, 'utf8');
    if (this.rows.length > 0 && this.size + bytes > this.maxBytes) return false;
    this.parts.push(line);
    this.size += bytes;
    this.rows.push(row.row);
    return true;
  }

  get bytes(): number {
    return this.size;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.parts.join(''), 'utf8');
  }
}
