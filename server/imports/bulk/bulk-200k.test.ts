// 200,000 rows through the bulk path with faults on the uploads and the status calls: every good row ends in the
// emulator exactly once, every row's result is what its line says (written, or skipped by the check), and the whole
// file costs a handful of calls where the sync path needs one per 300 rows.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImportFile, ImportJob, ImportResultsPage } from '../../contract/imports';
import { startTestStack, type TestStack } from '../../test-helpers';
import { leadsAt, sleep } from '../runner-test-support';

const ROWS = 200_000;
const DOMAIN = 'big.bulk.test';
const isBad = (i: number) => i % 1000 === 999;
const GOOD = ROWS - ROWS / 1000;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    imports: { bulkMinRows: 50_000, bulkMaxFileBytes: 2_000_000 },
    logLevel: 'warn',
  });
});
afterAll(async () => {
  await stack.close();
});

function csvFile(): string {
  const lines = ['Email,First Name'];
  for (let i = 0; i < ROWS; i++) lines.push(`${isBad(i) ? `bad-${i}` : `l${i}@${DOMAIN}`},F${i}`);
  return `${lines.join('\n')}\n`;
}

it('imports 200,000 rows through Bulk Import exactly once despite faults, in a handful of calls', async () => {
  const upload = await stack.api.inject({
    method: 'POST',
    url: '/api/imports/files?name=big.csv',
    headers: { 'content-type': 'text/csv' },
    payload: csvFile(),
  });
  expect(upload.statusCode).toBe(201);
  const file = upload.json<ImportFile>();
  await stack.control.injectFault({ code: '615', path: '/bulk/v1/leads.json', count: 2 });
  await stack.control.injectFault({
    code: 'http502',
    path: '/bulk/v1/leads/batch',
    probability: 0.3,
    count: 10,
  });
  const before = await stack.control.stats();
  const start = await stack.api.inject({
    method: 'POST',
    url: '/api/imports',
    payload: { fileId: file.id, partitionName: 'Default', mapping: ['email', 'firstName'] },
  });
  expect(start.statusCode, start.body).toBe(201);
  expect(start.json<ImportJob>().path).toBe('bulk');
  const id = start.json<ImportJob>().id;
  let job = start.json<ImportJob>();
  for (let attempt = 0; job.state === 'running'; attempt++) {
    expect(attempt, JSON.stringify(job)).toBeLessThan(6000);
    await sleep(20);
    job = (await stack.api.inject({ method: 'GET', url: `/api/imports/${id}` })).json<ImportJob>();
  }
  expect(job.state).toBe('completed');
  expect(job.counts).toMatchObject({
    total: ROWS,
    written: GOOD,
    skipped: ROWS - GOOD,
    failed: 0,
    cancelled: 0,
  });
  const leads = await leadsAt(stack, DOMAIN);
  expect(leads.size).toBe(GOOD);
  for (let i = 0; i < ROWS; i += 997) {
    if (!isBad(i)) expect(leads.get(`l${i}@${DOMAIN}`)?.firstName).toBe(`F${i}`);
  }
  const skipped = (
    await stack.api.inject({ method: 'GET', url: `/api/imports/${id}/results?status=skipped&limit=500` })
  ).json<ImportResultsPage>();
  expect(skipped.rows.map((row) => row.row)).toEqual(
    Array.from({ length: ROWS }, (_, i) => i)
      .filter(isBad)
      .map((i) => i + 2),
  );
  const after = await stack.control.stats();
  const calls = after.calls - before.calls;
  const files = job.bulkBatches!.length;
  expect(files).toBeGreaterThan(1);
  // Each file: its upload (two refused by the 615s, sent again), its status calls; no sync call at all.
  expect(
    (after.callsByPath['/rest/v1/leads.json'] ?? 0) - (before.callsByPath['/rest/v1/leads.json'] ?? 0),
  ).toBe(0);
  expect(calls).toBeLessThan(GOOD / 300 / 5);
}, 240_000);
