// The results download: every input row as it was uploaded, then the lead id, the status and the reason in
// words (IMPORT_RESULT_COLUMNS). The added columns' names and the status codes never change with the language;
// the reason is worded in the downloader's. Streamed page by page, so a 400,000-row job never sits in memory whole.
import { Readable } from 'node:stream';
import type { ResultsLanguage } from '../contract/imports';
import { IMPORT_RESULT_COLUMNS } from '../contract/reason-words';
import { csvCell } from '../audit/csv';
import type { ImportJobRecord, ImportResultRecord } from '../store/import-job-records';
import type { ImportsRepo } from '../store/imports-repo';
import { reasonWordsIn } from '../contract/reason-translations';

const PAGE_ROWS = 1_000;

// Excel reads a CSV without it as the local code page and garbles accents.
const BOM = '\uFEFF';

function line(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function resultLine(result: ImportResultRecord, job: ImportJobRecord, language: ResultsLanguage): string {
  // Exactly one cell per header column, so the added cells always land under their own headers.
  const values = Array.from({ length: job.columns.length }, (_unused, index) => result.cells[index] ?? '');
  const reason =
    result.reasonCode === null
      ? ''
      : reasonWordsIn(
          language,
          { code: result.reasonCode, message: result.reasonMessage ?? '' },
          { lookupField: job.lookupField },
        );
  return line([...values, result.leadId, result.status, reason]);
}

// Pulled by the response stream one page at a time, as the client takes them; no cursor stays open in between.
async function* resultsText(
  repo: ResultsSource,
  job: ImportJobRecord,
  language: ResultsLanguage,
): AsyncGenerator<string> {
  yield BOM + line([...job.columns, ...IMPORT_RESULT_COLUMNS]);
  let afterRow = 0;
  for (;;) {
    const page = await repo.resultsAfter(job, afterRow, PAGE_ROWS);
    if (page.length > 0) yield page.map((result) => resultLine(result, job, language)).join('');
    const last = page[page.length - 1];
    if (page.length < PAGE_ROWS || !last) return;
    afterRow = last.row;
  }
}

/** Where the results come from: only the paging the download needs. */
export type ResultsSource = Pick<ImportsRepo, 'resultsAfter'>;

/** The CSV as a stream of UTF-8 text, its reasons in `language` (English unless asked). */
export function resultsCsv(
  repo: ResultsSource,
  job: ImportJobRecord,
  language: ResultsLanguage = 'en',
): Readable {
  return Readable.from(resultsText(repo, job, language), { objectMode: false });
}

/** `<name>-results.csv`, safe inside a quoted header value and on any file system. */
export function resultsFileName(fileName: string): string {
  const base = fileName
    .replace(/\.(csv|txt|tsv)$/i, '')
    .replace(/[^A-Za-z0-9 ._()-]+/g, '_')
    .replace(/^[ .]+|[ .]+$/g, '')
    .slice(0, 100);
  return `${base === '' ? 'import' : base}-results.csv`;
}
