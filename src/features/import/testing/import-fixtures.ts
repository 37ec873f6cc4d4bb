import type {
  ImportCheck,
  ImportFile,
  ImportJob,
  ImportResultRow,
  ImportResultsPage,
} from '../../../../server/contract/imports';
import type { Field } from '../../../../server/contract/fields';

export const fileId = '0f8e7d6c-5b4a-4392-8181-7a6b5c4d3e2f';
export const jobId = '6a1b2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d';

export const importFields: Field[] = [
  { name: 'email', displayName: 'Email Address', dataType: 'email', readOnly: false },
  { name: 'firstName', displayName: 'First Name', dataType: 'string', readOnly: false },
  { name: 'lastName', displayName: 'Last Name', dataType: 'string', readOnly: false },
  { name: 'company', displayName: 'Company Name', dataType: 'string', readOnly: false },
  { name: 'numberOfEmployees', displayName: 'Number of Employees', dataType: 'integer', readOnly: false },
  { name: 'createdAt', displayName: 'Created At', dataType: 'datetime', readOnly: true },
];

export function anImportFile(overrides: Partial<ImportFile> = {}): ImportFile {
  return {
    id: fileId,
    name: 'trade-show.csv',
    sizeBytes: 2_048,
    delimiter: ';',
    columns: ['E-mail', 'Given name', 'Apellido', 'Employees'],
    rowCount: 3,
    sample: [
      ['ana@example.mx', 'Ana', 'López', '12'],
      ['not-an-email', 'Luis', 'García', 'many'],
      ['bea@example.mx', 'Bea', 'Ruiz', '40'],
    ],
    ...overrides,
  };
}

export function anImportCheck(overrides: Partial<ImportCheck> = {}): ImportCheck {
  return {
    rowCount: 3,
    validRows: 2,
    invalidRows: 1,
    settingsProblems: [],
    problemCounts: { bad_email: 1 },
    problems: [{ row: 3, kind: 'bad_email', column: 'E-mail', message: 'Not a valid email address' }],
    ...overrides,
  };
}

export function anImportJob(overrides: Partial<ImportJob> = {}): ImportJob {
  return {
    id: jobId,
    fileName: 'trade-show.csv',
    partitionName: 'Mexico',
    action: 'createOrUpdate',
    lookupField: 'email',
    user: { id: 7, email: 'ana@example.com' },
    state: 'running',
    createdAt: '2026-11-29T15:04:00.000Z',
    finishedAt: null,
    counts: {
      total: 1000,
      sent: 600,
      created: 450,
      updated: 140,
      written: 0,
      skipped: 12,
      failed: 3,
      cancelled: 0,
    },
    rowsPerSecond: 120.4,
    secondsLeft: 190,
    message: null,
    ...overrides,
  };
}

export function aResultRow(overrides: Partial<ImportResultRow> = {}): ImportResultRow {
  return {
    row: 2,
    values: ['Ana', 'López', 'ana@example.mx', '12', 'met at the booth'],
    status: 'created',
    leadId: 318816,
    ...overrides,
  };
}

export function aResultsPage(
  rows: ImportResultRow[],
  overrides: Partial<ImportResultsPage> = {},
): ImportResultsPage {
  return {
    columns: ['First name', 'Last name', 'E-mail', 'Employees', 'Notes'],
    total: rows.length,
    rows,
    ...overrides,
  };
}
