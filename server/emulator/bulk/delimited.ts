// The three file formats of Marketo's bulk APIs (docs/marketo-api-additions.md §16): csv, tsv and ssv, read and written
// the same way. "ssv" is semicolon-separated in the import docs (bulk-lead-import.md); the extract docs once call
// it space-separated, which no client sends, so semicolons are used both ways.
import { parse } from 'csv-parse/sync';

export type BulkFormat = 'csv' | 'tsv' | 'ssv';

const DELIMITERS: Readonly<Record<BulkFormat, string>> = { csv: ',', tsv: '\t', ssv: ';' };

/** `csv`, `TSV`…: the docs show both cases; anything else is undefined. */
export function bulkFormat(raw: string): BulkFormat | undefined {
  const lower = raw.toLowerCase();
  return lower === 'csv' || lower === 'tsv' || lower === 'ssv' ? lower : undefined;
}

/** Every record of a file, header first; blank lines skipped. Throws on an unterminated quote. */
export function parseDelimited(text: string, format: BulkFormat): string[][] {
  return parse(text, {
    delimiter: DELIMITERS[format],
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'],
  });
}

function quoted(cell: string, delimiter: string): string {
  const plain = !cell.includes(delimiter) && !/["\r\n]/.test(cell);
  return plain ? cell : `"${cell.replaceAll('"', '""')}"`;
}

/** One line of a file in `format`, with its line break. */
export function delimitedLine(cells: readonly string[], format: BulkFormat): string {
  const delimiter = DELIMITERS[format];
  return `${cells.map((cell) => quoted(cell, delimiter)).join(delimiter)}\n`;
}
