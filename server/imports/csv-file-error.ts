// What goes wrong reading a CSV file, in words a user can act on: the error the reader throws, and csv-parse's
// own errors translated into it with the spreadsheet row they happened in.
import type { CsvError } from 'csv-parse';
import type { Said } from '../contract/errors';

/**
 * A file that cannot be read as CSV: `message` in English, `said` its code for the SPA to word (absent for too
 * large, which the route words itself). `status` 413 for too large, else 400.
 */
export class CsvFileError extends Error {
  readonly status: 400 | 413;
  readonly said: Said | undefined;

  constructor(message: string, said?: Said, status: 400 | 413 = 400) {
    super(message);
    this.name = 'CsvFileError';
    this.status = status;
    this.said = said;
  }
}

/** csv-parse's error in plain words, with the spreadsheet row it happened in. */
export function fileErrorOf(error: CsvError, maxRecordBytes: number): CsvFileError {
  const row = numberOf(error.records) + numberOf(error.empty_lines) + 1;
  const column = numberOf(error.column) + 1;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvFileError(`Row ${row} has a quote that is never closed`, {
        reason: 'csv_quote_not_closed',
        params: { row },
      });
    case 'CSV_MAX_RECORD_SIZE':
      return new CsvFileError(
        `Row ${row} is longer than ${sizeInWords(maxRecordBytes)}: is a quote in it never closed?`,
        { reason: 'csv_row_too_long', params: { row, size: sizeInWords(maxRecordBytes) } },
      );
    case 'INVALID_OPENING_QUOTE':
      return new CsvFileError(
        `Row ${row} has a quote inside a value (column ${column}): put the whole value in quotes and double each quote inside it ("")`,
        { reason: 'csv_quote_inside', params: { row, column } },
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new CsvFileError(
        `Row ${row} has text after a closing quote (column ${column}): put the whole value in quotes and double each quote inside it ("")`,
        { reason: 'csv_text_after_quote', params: { row, column } },
      );
    default:
      return new CsvFileError(`Row ${row} cannot be read as CSV (${error.message})`, {
        reason: 'csv_row_unreadable',
        params: { row },
      });
  }
}

function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

export function sizeInWords(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}
