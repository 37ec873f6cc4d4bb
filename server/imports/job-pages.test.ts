// Check, start and cancel walk a file a page at a time (job-check.ts, job-start.ts, job-cancel.ts): other requests
// are answered between pages, a job is neither listed nor run before its last page, and what a crash leaves
// half-done (a start, a cancel) is tidied up when the runner starts, with nothing of it sent.
import { sqlValue } from '../testing/console-sql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportCheck, ImportFile, ImportJob, ImportSettings } from '../contract/imports';
import { ImportRunsRepo } from '../store/import-runs-repo';
import { ImportsRepo } from '../store/imports-repo';
import { startTestStack, type TestStack } from '../test-helpers';
import { PAGE_ROWS } from './job-check';

const stacks: TestStack[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

async function stack(): Promise<TestStack> {
  const started = await startTestStack({ imports: { startRunner: false } });
  stacks.push(started);
  return started;
}

const ROWS = 5 * PAGE_ROWS + 10;

/** `count` rows of which every 100th has a bad email, and the last repeats the first one's email. */
function csv(count: number, domain: string): string {
  const lines = ['Email,First Name'];
  for (let n = 1; n < count; n++)
    lines.push(`${n % 100 === 0 ? 'not-an-email' : `lead${n}@${domain}`},Lead ${n}`);
  lines.push(`lead1@${domain},Again`);
  return lines.join('\n');
}

async function upload(test: TestStack, text: string): Promise<ImportFile> {
  const response = await test.api.inject({
    method: 'POST',
    url: '/api/imports/files?name=pages.csv',
    headers: { 'content-type': 'text/csv' },
    payload: text,
  });
  expect(response.statusCode).toBe(201);
  return response.json<ImportFile>();
}

const settingsFor = (file: ImportFile): ImportSettings => ({
  fileId: file.id,
  partitionName: 'Mexico',
  mapping: ['email', 'firstName'],
});

/**
 * Wraps one of the repository's page methods: on its first call, sends GET /api/health; answers how many calls
 * had been made when that request was answered, and how many there were in all. `beforeEach` runs first on
 * every call.
 */
function askDuringPages(
  test: TestStack,
  method: 'rowsAfter' | 'addResults' | 'cancelFreeRowsPage',
  beforeEach: (repo: ImportsRepo) => Promise<void> | void = () => undefined,
) {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the instance's `this` below
  const original = ImportsRepo.prototype[method];
  let calls = 0;
  let answered: Promise<number> | undefined;
  vi.spyOn(ImportsRepo.prototype, method).mockImplementation(function (
    this: ImportsRepo,
    ...args: unknown[]
  ) {
    calls += 1;
    answered ??= test.app.inject('/api/health').then(() => calls);
    return Promise.resolve(beforeEach(this)).then(() =>
      (original as (...args: unknown[]) => Promise<never>).apply(this, args),
    );
  });
  return async () => ({ answeredAfter: await answered, calls });
}

const countRows = async (test: TestStack, sql: string, ...values: unknown[]) =>
  Number(await sqlValue(test.imports.db, sql, ...values));

describe('import check and start in pages', () => {
  it('checks every row, answering other requests between pages', async () => {
    const test = await stack();
    const file = await upload(test, csv(ROWS, 'check.test'));
    const pages = askDuringPages(test, 'rowsAfter');
    const response = await test.api.inject({
      method: 'POST',
      url: '/api/imports/check',
      payload: settingsFor(file),
    });
    expect(response.json<ImportCheck>()).toMatchObject({
      rowCount: ROWS,
      validRows: ROWS - 51,
      invalidRows: 51,
      problemCounts: { bad_email: 50, duplicate_key: 1 },
    });
    const { answeredAfter, calls } = await pages();
    expect(calls).toBe(6 + 1);
    expect(answeredAfter).toBeLessThan(calls);
  });

  it('starts a job that is neither listed nor run until its last page, answering other requests meanwhile', async () => {
    const test = await stack();
    const file = await upload(test, csv(ROWS, 'start.test'));
    const seenWhileWriting: { listed: number; runnable: number }[] = [];
    const pages = askDuringPages(test, 'addResults', async (repo) => {
      seenWhileWriting.push({
        listed: (await repo.recentJobs('all', 10)).length,
        runnable: (await new ImportRunsRepo(test.imports.db).runnableJobs()).length,
      });
    });
    const response = await test.api.inject({
      method: 'POST',
      url: '/api/imports',
      payload: settingsFor(file),
    });
    expect(response.statusCode).toBe(201);
    const job = response.json<ImportJob>();
    expect(job.counts).toMatchObject({ total: ROWS, skipped: 51 });
    expect(seenWhileWriting).toEqual(Array.from({ length: 6 }, () => ({ listed: 0, runnable: 0 })));
    const { answeredAfter, calls } = await pages();
    expect(answeredAfter).toBeLessThan(calls);
    const listed = await test.api.inject('/api/imports');
    expect(listed.json<{ jobs: ImportJob[] }>().jobs.map((listedJob) => listedJob.id)).toEqual([job.id]);
    expect(await countRows(test, 'SELECT COUNT(*) AS n FROM import_results WHERE job_id = ?', job.id)).toBe(
      ROWS,
    );
  });

  it('leaves nothing behind when the start is refused after its rows were written (every row bad)', async () => {
    const test = await stack();
    const bad = ['Email', ...Array.from({ length: PAGE_ROWS + 5 }, (_, n) => `bad ${n}`)].join('\n');
    const file = await upload(test, bad);
    const response = await test.api.inject({
      method: 'POST',
      url: '/api/imports',
      payload: { ...settingsFor(file), mapping: ['email'] },
    });
    expect(response.statusCode).toBe(400);
    expect(await countRows(test, 'SELECT COUNT(*) AS n FROM import_jobs')).toBe(0);
    expect(await countRows(test, 'SELECT COUNT(*) AS n FROM import_results')).toBe(0);
  });
});

describe('import cancel in pages', () => {
  it('cancels every row not yet sent, answering other requests between pages', async () => {
    const test = await stack();
    const file = await upload(test, csv(ROWS, 'cancel.test'));
    const job = (
      await test.api.inject({ method: 'POST', url: '/api/imports', payload: settingsFor(file) })
    ).json<ImportJob>();
    const pages = askDuringPages(test, 'cancelFreeRowsPage');
    const response = await test.api.inject({ method: 'POST', url: `/api/imports/${job.id}/cancel` });
    expect(response.json<ImportJob>()).toMatchObject({
      state: 'cancelled',
      counts: { total: ROWS, skipped: 51, cancelled: ROWS - 51, sent: 0 },
    });
    const { answeredAfter, calls } = await pages();
    expect(answeredAfter).toBeLessThan(calls);
    expect(await countRows(test, "SELECT COUNT(*) AS n FROM import_results WHERE status = 'pending'")).toBe(
      0,
    );
  });
});

describe('import runner start after a crash', () => {
  it('removes a job whose start was cut short, and finishes a cancel that was, sending nothing', async () => {
    const test = await stack();
    const repo = new ImportsRepo(test.imports.db);
    const file = await upload(test, csv(ROWS, 'crash.test'));
    // A start cut short after its first page.
    const cutShort = '00000000-0000-4000-8000-000000000001';
    const user = { id: test.api.user.id, email: test.api.user.email };
    await repo.beginJob({
      id: cutShort,
      fileId: file.id,
      user,
      partitionName: 'Mexico',
      action: 'createOrUpdate',
      lookupField: 'email',
      mapping: ['email', 'firstName'],
      createdAtMs: Date.now(),
      startedBy: 'a-run-that-crashed',
    });
    await repo.addResults(
      cutShort,
      (await repo.rowsAfter(file.id, 0, PAGE_ROWS)).map(({ row, cells }) => ({
        row,
        outcome: { send: { email: cells[0] } },
      })),
    );
    // A cancel cut short after its first page.
    const cancelled = (
      await test.api.inject({ method: 'POST', url: '/api/imports', payload: settingsFor(file) })
    ).json<ImportJob>();
    expect(await repo.beginCancel(cancelled.id)).toBe(true);
    expect(await repo.cancelFreeRowsPage(cancelled.id, PAGE_ROWS)).toBe(PAGE_ROWS);

    test.imports.runner.start();
    await vi.waitFor(async () => expect((await repo.job(cancelled.id))?.state).toBe('cancelled'), {
      timeout: 30_000,
    });
    await vi.waitFor(async () => expect(await repo.job(cutShort)).toBeUndefined());
    expect(await countRows(test, 'SELECT COUNT(*) AS n FROM import_results WHERE job_id = ?', cutShort)).toBe(
      0,
    );
    expect((await repo.job(cancelled.id))?.counts).toMatchObject({ cancelled: ROWS - 51, sent: 0 });
    await test.imports.runner.stop();
    expect((await test.control.stats()).callsByPath['/rest/v1/leads.json'] ?? 0).toBe(0);
  });
});
