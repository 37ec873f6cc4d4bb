import { describe, expect, it } from 'vitest';
import type { ImportJobRecord, ImportResultRecord } from '../store/import-job-records';
import { readCsv } from './csv-reader';
import { IMPORT_RESULT_COLUMNS } from '../contract/reason-words';
import { type ResultsSource, resultsCsv } from './results-csv';

const job: ImportJobRecord = {
  id: 'job-1',
  fileId: 'file-1',
  fileName: 'fair.csv',
  columns: ['Email', 'Phone', 'Note'],
  user: { id: 1, email: 'ana@example.com' },
  partitionName: 'Mexico',
  action: 'createOrUpdate',
  lookupField: 'email',
  state: 'completed',
  message: null,
  createdAtMs: 0,
  firstSentAtMs: 0,
  firstAnswerAtMs: 0,
  finishedAtMs: 0,
  path: 'sync',
  counts: { total: 3, sent: 2, created: 1, updated: 0, written: 0, skipped: 2, failed: 0, cancelled: 0 },
};

const results: ImportResultRecord[] = [
  {
    row: 2,
    cells: ['ana@example.mx', '+52 55 1234 5678', '=HYPERLINK("http://x")'],
    status: 'created',
    leadId: 318816,
    reasonCode: null,
    reasonMessage: null,
  },
  {
    row: 3,
    cells: ['-luis@example.mx', '@home', '\tindented, "quoted"\r\nand two lines'],
    status: 'skipped',
    leadId: null,
    reasonCode: '1005',
    reasonMessage: 'Lead already exists',
  },
  {
    row: 4,
    cells: ['bea@example.mx', "'+1 typed after an apostrophe", ''],
    status: 'failed',
    leadId: null,
    reasonCode: '413',
    reasonMessage: "This row alone is larger than Marketo's 1 MB request limit",
  },
];

/** The repository's paging over `rows`, as the download calls it. */
function source(rows: ImportResultRecord[]): ResultsSource {
  return {
    resultsAfter: (_job, afterRow, limit) =>
      Promise.resolve(rows.filter((row) => row.row > afterRow).slice(0, limit)),
  };
}

describe('resultsCsv read back by the import reader', () => {
  it('gives every cell back as it was uploaded, under the header, with the added columns after it', async () => {
    const records = await readCsv(resultsCsv(source(results), job), { maxBytes: 1024 * 1024 });
    expect(records.columns).toEqual([...job.columns, ...IMPORT_RESULT_COLUMNS]);
    const rows = [];
    for await (const row of records.rows) rows.push(row);
    expect(rows).toEqual([
      { row: 2, cells: [...(results[0]?.cells ?? []), '318816', 'created', ''] },
      {
        row: 3,
        cells: [...(results[1]?.cells ?? []), '', 'skipped', 'A lead with this email already exists.'],
      },
      {
        row: 4,
        cells: [
          // An apostrophe the file itself had before a formula character is taken for the download's own.
          'bea@example.mx',
          '+1 typed after an apostrophe',
          '',
          '',
          'failed',
          'This row is larger than Marketo accepts in one request (1 MB).',
        ],
      },
    ]);
  });

  it('names the added columns so none is taken for a Marketo field (no bare id)', () => {
    expect(IMPORT_RESULT_COLUMNS).toEqual(['Marketo lead id', 'Import status', 'Import reason']);
  });
});

describe('resultsCsv in another language', () => {
  it('words Marketo’s reasons in the asked language, and keeps headers and status codes as they are', async () => {
    const read = async (language: 'en' | 'es-MX' | 'fr-CA') => {
      const records = await readCsv(resultsCsv(source(results), job, language), { maxBytes: 1024 * 1024 });
      const rows = [];
      for await (const row of records.rows) rows.push(row.cells);
      return { columns: records.columns, rows };
    };
    const english = await read('en');
    const spanish = await read('es-MX');
    expect(spanish.columns).toEqual(english.columns);
    expect(spanish.rows.map((cells) => cells.slice(0, -1))).toEqual(
      english.rows.map((cells) => cells.slice(0, -1)),
    );
    expect(spanish.rows.map((cells) => cells.at(-1))).toEqual([
      '',
      'Ya existe un prospecto con este valor de email.',
      'Esta fila es más grande de lo que Marketo acepta en una solicitud (1 MB).',
    ]);
    expect((await read('fr-CA')).rows[1]?.at(-1)).toBe('Un prospect avec cette valeur de email existe déjà.');
  });
});
