// A bulk file as Marketo reads it, and the per-row answers read back from its failures and warnings files.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ChunkRow } from '../../store/import-runs-repo';
import { batchFailed, failedAndWarned } from './bulk-answers';
import { BulkFile } from './bulk-file';

const rows: ChunkRow[] = [
  { row: 2, fields: { email: 'ana@example.mx', firstName: 'Ana, "la jefa"', numberOfEmployees: 12 } },
  { row: 3, fields: { email: 'bo@example.mx', firstName: 'Línea\nnueva' } },
  { row: 4, fields: { email: 'cy@example.mx', unsubscribed: true } },
];

describe('BulkFile', () => {
  it('writes the mapped fields as the header and every value so that a CSV reader gets it back', () => {
    const file = new BulkFile(['email', 'firstName', 'numberOfEmployees', 'unsubscribed']);
    for (const row of rows) expect(file.add(row)).toBe(true);
    const text = file.toBuffer().toString('utf8');
    expect(file.bytes).toBe(Buffer.byteLength(text));
    expect(parse(text, { columns: true })).toEqual([
      { email: 'ana@example.mx', firstName: 'Ana, "la jefa"', numberOfEmployees: '12', unsubscribed: '' },
      { email: 'bo@example.mx', firstName: 'Línea\nnueva', numberOfEmployees: '', unsubscribed: '' },
      { email: 'cy@example.mx', firstName: '', numberOfEmployees: '', unsubscribed: 'true' },
    ]);
    expect(file.rows).toEqual([2, 3, 4]);
  });

  it('refuses a row that would take it past its size, keeping what it has', () => {
    const file = new BulkFile(['email'], 30);
    expect(file.add(rows[0]!)).toBe(true);
    expect(file.add(rows[1]!)).toBe(false);
    expect(file.rows).toEqual([2]);
    expect(file.bytes).toBeLessThanOrEqual(30);
  });
});

describe('failedAndWarned', () => {
  it('answers failed rows as the sync path would, warned rows as written, by their lookup value', () => {
    const failures = [
      'email,firstName,numberOfEmployees,Import Failure Reason',
      'ana@example.mx,"Ana, ""la jefa""",12,Partition update not allowed',
      'cy@example.mx,,,Invalid data type in field Lead Score',
      'stranger@example.mx,,,Lead not found',
    ].join('\n');
    const warnings = [
      'email,firstName,Import Warning Reason',
      '"bo@example.mx","Línea\nnueva",Invalid email address',
    ].join('\n');
    expect(failedAndWarned(rows, 'email', { failures, warnings })).toEqual([
      { row: 2, status: 'skipped', reason: { code: '1010', message: 'Partition update not allowed' } },
      { row: 3, status: 'written', reason: { code: 'bulk_warning', message: 'Invalid email address' } },
      {
        row: 4,
        status: 'failed',
        reason: { code: 'bulk_failed', message: 'Invalid data type in field Lead Score' },
      },
    ]);
    expect(failedAndWarned(rows, 'email', { failures: '', warnings: '' })).toEqual([]);
  });

  it('fails every row of a batch Marketo could not read, in its words', () => {
    expect(batchFailed(rows.slice(0, 1), "Field 'x' not found")).toEqual([
      { row: 2, status: 'failed', reason: { code: 'bulk_batch_failed', message: "Field 'x' not found" } },
    ]);
  });
});
