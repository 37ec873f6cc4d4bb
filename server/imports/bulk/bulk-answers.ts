// Per-row results of a finished batch, from Marketo's failures and warnings files: each lists the rows as the file
// carried them plus a reason column. A row is found by its lookup value, unique in a job (the check skips duplicate
// keys). A failed row whose reason is one Sync Leads answers with its own code is answered as the sync path answers
// it (`skipped` with that code), so both paths give the same results; any other failure is `failed` with Marketo's
// words. A warned row was imported (`written`), its warning kept as the reason. A row in neither file was imported:
// the repository answers it `written`, since Bulk Import never says whether it created or updated the lead.
import { parse } from 'csv-parse/sync';
import type { Reason } from '../../contract/leads';
import type { MarketoValue } from '../../marketo/types';
import type { ChunkRow, RowAnswer } from '../../store/import-runs-repo';

const FAILURE_COLUMN = 'Import Failure Reason';
const WARNING_COLUMN = 'Import Warning Reason';

/** Sync Leads' codes for the reasons Bulk Import shares with it (server/emulator/routes/sync-record.ts). */
const SYNC_CODES: readonly [RegExp, string][] = [
  [/^Lead not found$/, '1004'],
  [/^Multiple lead match lookup criteria$/, '1007'],
  [/^Access denied to partition /, '1008'],
  [/^Partition update not allowed$/, '1010'],
];

export interface BatchFiles {
  failures: string;
  warnings: string;
}

/** The answers for the batch's failed and warned rows; rows in neither file are left to the caller. */
export function failedAndWarned(
  rows: readonly ChunkRow[],
  lookupField: string,
  files: BatchFiles,
): RowAnswer[] {
  const byKey = new Map(rows.map((row) => [keyOf(row.fields[lookupField]), row.row]));
  const answers = new Map<number, RowAnswer>();
  for (const [key, reason] of reasons(files.failures, lookupField, FAILURE_COLUMN)) {
    const row = byKey.get(key);
    if (row !== undefined) answers.set(row, { row, ...failure(reason) });
  }
  for (const [key, reason] of reasons(files.warnings, lookupField, WARNING_COLUMN)) {
    const row = byKey.get(key);
    if (row !== undefined && !answers.has(row)) {
      answers.set(row, { row, status: 'written', reason: { code: 'bulk_warning', message: reason } });
    }
  }
  return [...answers.values()].sort((a, b) => a.row - b.row);
}

/** Every row failed with Marketo's words: the batch as a whole failed (an unreadable file). */
export function batchFailed(rows: readonly ChunkRow[], message: string | null): RowAnswer[] {
  const reason: Reason = {
    code: 'bulk_batch_failed',
    message: message ?? 'Marketo could not import the file',
  };
  return rows.map((row) => ({ row: row.row, status: 'failed', reason }));
}

function failure(reason: string): Pick<RowAnswer, 'status' | 'reason'> {
  const code = SYNC_CODES.find(([pattern]) => pattern.test(reason))?.[1];
  return code === undefined
    ? { status: 'failed', reason: { code: 'bulk_failed', message: reason } }
    : { status: 'skipped', reason: { code, message: reason } };
}

/** The lookup value and reason of each line of a failures or warnings file. */
function reasons(csv: string, lookupField: string, reasonColumn: string): [string, string][] {
  if (csv.trim() === '') return [];
  const records = parse<Record<string, string | undefined>>(csv, {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
    bom: true,
  });
  return records.map((record) => [record[lookupField] ?? '', record[reasonColumn] ?? '']);
}

function keyOf(value: MarketoValue | undefined): string {
  return value === undefined || value === null ? '' : String(value);
}
