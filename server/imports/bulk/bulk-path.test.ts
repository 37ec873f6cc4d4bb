// The bulk path end to end, through the proxy's HTTP API and real HTTP to the emulator's Bulk Lead Import: the same
// file imported by both paths ends with every good row in Marketo once and the same per-row results (created and
// updated read `written` on the bulk path); faults on the upload and the status calls, a restart while Marketo
// processes, an upload whose answer is lost, a full Marketo queue (1016), and an owner with limited grants.
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ImportCheck,
  ImportFile,
  ImportJob,
  ImportResultRow,
  ImportResultsPage,
  ImportSettings,
} from '../../contract/imports';
import { startTestStack, type ApiClient, type TestStack, type TestStackOptions } from '../../test-helpers';
import { testDatabaseUrl } from '../../testing/test-database';
import { leadsAt, sleep, testRunner } from '../runner-test-support';
import type { ImportRunner } from '../runner';

const stacks: TestStack[] = [];
const runners: ImportRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

const DOMAIN = 'bulk.test';
const ROWS = 3000;
/** Refused by the check (not an email): skipped before anything is sent, on both paths. */
const isBad = (i: number) => i % 300 === 7;
/** Leads that exist before the import: in the import's partition (updated), or in another one (1010). */
const inDefault = (i: number) => i < 40 && !isBad(i);
const inMexico = (i: number) => i >= 40 && i < 50 && !isBad(i);
const GOOD = Array.from({ length: ROWS }, (_, i) => i).filter((i) => !isBad(i)).length;
const email = (i: number) => `lead${i}@${DOMAIN}`;

function csvFile(): string {
  const lines = ['Email,First Name,Employees'];
  for (let i = 0; i < ROWS; i++)
    lines.push(`${isBad(i) ? `not-an-email-${i}` : email(i)},First ${i},${i % 500}`);
  return `${lines.join('\r\n')}\r\n`;
}

async function stackWith(options: TestStackOptions = {}): Promise<TestStack> {
  const stack = await startTestStack({
    ...options,
    // ~35 bytes a row: three files for the 3,000 rows.
    imports: { bulkMinRows: 2000, bulkMaxFileBytes: 40_000, ...options.imports },
  });
  stacks.push(stack);
  return stack;
}

async function seedLeads(stack: TestStack): Promise<void> {
  const pick = (test: (i: number) => boolean) =>
    Array.from({ length: ROWS }, (_, i) => i)
      .filter(test)
      .map((i) => ({ email: email(i), firstName: `Before ${i}` }));
  await stack.marketo.syncLeads({
    action: 'createOrUpdate',
    lookupField: 'email',
    partitionName: 'Default',
    input: pick(inDefault),
  });
  await stack.marketo.syncLeads({
    action: 'createOrUpdate',
    lookupField: 'email',
    partitionName: 'Mexico',
    input: pick(inMexico),
  });
}

async function startImport(client: ApiClient, path: ImportSettings['path'], text = csvFile()) {
  const upload = await client.inject({
    method: 'POST',
    url: '/api/imports/files?name=bulk.csv',
    headers: { 'content-type': 'text/csv' },
    payload: text,
  });
  expect(upload.statusCode).toBe(201);
  const file = upload.json<ImportFile>();
  const settings: ImportSettings = {
    fileId: file.id,
    partitionName: 'Default',
    mapping: ['email', 'firstName', 'numberOfEmployees'],
    ...(path === undefined ? {} : { path }),
  };
  return client.inject({ method: 'POST', url: '/api/imports', payload: settings });
}

async function started(client: ApiClient, path: ImportSettings['path']): Promise<ImportJob> {
  const response = await startImport(client, path);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<ImportJob>();
}

async function jobView(client: ApiClient, id: string): Promise<ImportJob> {
  const response = await client.inject({ method: 'GET', url: `/api/imports/${id}` });
  expect(response.statusCode).toBe(200);
  return response.json<ImportJob>();
}

/** Polls the job page until `done` holds (bounded: a stuck job fails the test). */
async function until(client: ApiClient, id: string, done: (job: ImportJob) => boolean): Promise<ImportJob> {
  for (let attempt = 0; attempt < 3000; attempt++) {
    const job = await jobView(client, id);
    if (done(job)) return job;
    await sleep(20);
  }
  throw new Error(
    `import ${id} never reached the awaited state: ${JSON.stringify(await jobView(client, id))}`,
  );
}

const finished = (job: ImportJob) => job.state !== 'running' && job.state !== 'cancelling';

async function allResults(client: ApiClient, id: string): Promise<ImportResultRow[]> {
  const rows: ImportResultRow[] = [];
  for (let offset = 0; ; offset += 500) {
    const response = await client.inject({
      method: 'GET',
      url: `/api/imports/${id}/results?offset=${offset}&limit=500`,
    });
    const page = response.json<ImportResultsPage>();
    rows.push(...page.rows);
    if (rows.length >= page.total) return rows;
  }
}

/** A row's result as both paths must agree on it: Bulk Import cannot tell created from updated. */
const comparable = (row: ImportResultRow) => ({
  row: row.row,
  status: row.status === 'created' || row.status === 'updated' ? 'written' : row.status,
  code: row.status === 'created' || row.status === 'updated' ? 'created_or_updated' : row.reason?.code,
});

const uploads = async (stack: TestStack) =>
  (await stack.control.stats()).callsByPath['/bulk/v1/leads.json'] ?? 0;

describe('an import through Marketo Bulk Import', () => {
  it('ends with every good row in Marketo once and the results a sync-path run gives, despite faults', async () => {
    const stack = await stackWith();
    await seedLeads(stack);
    const sync = await started(stack.api, 'sync');
    expect(sync.path).toBe('sync');
    const syncDone = await until(stack.api, sync.id, finished);
    const syncResults = await allResults(stack.api, sync.id);

    await stack.control.reset();
    await seedLeads(stack);
    // Marketo holds every file queued at first, so the job page shows its state; faults on the upload and polls.
    await stack.control.setConfig({ bulkRowsPerTick: 0 });
    await stack.control.injectFault({ code: '606', path: '/bulk/v1/leads.json', count: 1 });
    await stack.control.injectFault({ code: 'http500', path: '/bulk/v1/leads/batch', count: 3 });
    const bulk = await started(stack.api, 'auto');
    expect(bulk.path).toBe('bulk');
    const waiting = await until(
      stack.api,
      bulk.id,
      (job) =>
        (job.bulkBatches ?? []).reduce(
          (rows, batch) => rows + (batch.marketoBatchId === null ? 0 : batch.rows),
          0,
        ) === GOOD,
    );
    expect(waiting.state).toBe('running');
    expect(waiting.bulkBatches!.length).toBe(3);
    for (const batch of waiting.bulkBatches!) expect(['queued', 'importing']).toContain(batch.state);
    await stack.control.setConfig({ bulkRowsPerTick: 500 });
    const bulkDone = await until(stack.api, bulk.id, finished);

    expect(bulkDone.state).toBe('completed');
    expect(bulkDone.bulkBatches!.map((batch) => batch.state)).toEqual(['complete', 'complete', 'complete']);
    const leads = await leadsAt(stack, DOMAIN);
    expect(leads.size).toBe(GOOD);
    // The 10 Mexico leads were left where they were, and not renamed.
    expect([...leads.values()].filter((lead) => String(lead.firstName).startsWith('Before')).length).toBe(10);
    const bulkResults = await allResults(stack.api, bulk.id);
    expect(bulkResults.map(comparable)).toEqual(syncResults.map(comparable));
    expect(bulkDone.counts).toMatchObject({
      total: ROWS,
      skipped: syncDone.counts.skipped,
      written: syncDone.counts.created + syncDone.counts.updated,
      created: 0,
      updated: 0,
      failed: 0,
    });
    // Three files: 3 uploads, one of them refused by the 606 and sent again by the client.
    expect(await uploads(stack)).toBe(4);
  });

  it('goes on after a restart while Marketo processes, without uploading again', async () => {
    const stack = await stackWith({ imports: { startRunner: false } });
    const first = testRunner(stack, {
      bulkImport: stack.marketo.bulkImport,
      bulkMaxFileBytes: 40_000,
      bulkPoll: { firstMs: 20, maxMs: 200 },
    });
    runners.push(first.runner);
    await stack.control.setConfig({ bulkRowsPerTick: 0 });
    first.runner.start();
    const job = await started(stack.api, 'bulk');
    await until(
      stack.api,
      job.id,
      (view) => (view.bulkBatches ?? []).filter((batch) => batch.marketoBatchId !== null).length === 3,
    );
    await first.runner.stop();
    expect(await uploads(stack)).toBe(3);

    await stack.control.setConfig({ bulkRowsPerTick: 1000 });
    const second = testRunner(stack, {
      bulkImport: stack.marketo.bulkImport,
      bulkMaxFileBytes: 40_000,
      bulkPoll: { firstMs: 20, maxMs: 200 },
    });
    runners.push(second.runner);
    second.runner.start();
    const done = await until(stack.api, job.id, finished);
    expect(done.state).toBe('completed');
    expect(await uploads(stack)).toBe(3);
    expect((await leadsAt(stack, DOMAIN)).size).toBe(GOOD);
  });

  it('never sends a file again whose upload got no answer: its rows are held and the batch says why', async () => {
    const stack = await stackWith();
    await stack.control.injectFault({ code: 'timeout', path: '/bulk/v1/leads.json', count: 1 });
    const job = await started(stack.api, 'bulk');
    const view = await until(
      stack.api,
      job.id,
      (current) =>
        (current.bulkBatches ?? []).some((batch) => batch.state === 'unknown') &&
        (current.bulkBatches ?? []).filter((batch) => batch.state === 'complete').length === 2,
    );
    const lost = view.bulkBatches!.find((batch) => batch.state === 'unknown')!;
    expect(lost.message).toContain('not sent again');
    expect(lost.messageCode).toBe('bulk_upload_lost');
    expect(view.state).toBe('running');
    expect(view.counts.written).toBe(GOOD - lost.rows);
    // One upload per file, the lost one included: nothing was sent twice.
    expect(await uploads(stack)).toBe(3);
  });

  it("reads a lost upload's rows back after the grace, and sends in a later file only those Marketo lacks", async () => {
    const stack = await stackWith({ imports: { bulkLostGraceMs: 0 } });
    await stack.control.injectFault({ code: 'timeout', path: '/bulk/v1/leads.json', count: 1 });
    const job = await started(stack.api, 'bulk');
    const done = await until(stack.api, job.id, finished);
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ written: GOOD, failed: 0, cancelled: 0 });
    const settled = done.bulkBatches!.filter((batch) => batch.state === 'unknown');
    expect(settled.length).toBe(1);
    expect(settled[0]!.message).toContain('read back by lookup');
    expect(settled[0]!.messageCode).toBe('bulk_settled_by_lookup');
    // The lost file reached nothing (the fault came before Marketo's import), so its rows went once more, in a
    // fourth file: three uploads plus that one.
    expect(await uploads(stack)).toBe(4);
    expect((await leadsAt(stack, DOMAIN)).size).toBe(GOOD);
  });

  it("cancels a job waiting for a place in Marketo's queue: nothing of it is uploaded", async () => {
    const stack = await stackWith();
    await stack.control.setConfig({ bulkRowsPerTick: 0 });
    for (let i = 0; i < 10; i++) {
      await stack.marketo.bulkImport.importLeads({
        csv: Buffer.from(`email\nother${i}@elsewhere.test\n`),
        lookupField: 'email',
        partitionName: 'Default',
      });
    }
    const job = await started(stack.api, 'bulk');
    await until(stack.api, job.id, (view) => view.message?.includes('waits its turn') ?? false);
    const cancel = await stack.api.inject({ method: 'POST', url: `/api/imports/${job.id}/cancel` });
    expect(cancel.statusCode).toBe(200);
    const cancelled = await until(stack.api, job.id, finished);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.counts.cancelled).toBe(GOOD);
    expect(cancelled.bulkBatches).toEqual([]);
    await stack.control.setConfig({ bulkRowsPerTick: 5000 });
    for (let attempt = 0; (await leadsAt(stack, 'elsewhere.test')).size < 10; attempt++) {
      expect(attempt).toBeLessThan(1000);
      await sleep(20);
    }
    expect((await leadsAt(stack, DOMAIN)).size).toBe(0);
  });

  it('waits politely while Marketo already has 10 files queued (1016), then finishes', async () => {
    const stack = await stackWith();
    await stack.control.setConfig({ bulkRowsPerTick: 0 });
    for (let i = 0; i < 10; i++) {
      await stack.marketo.bulkImport.importLeads({
        csv: Buffer.from(`email\nother${i}@elsewhere.test\n`),
        lookupField: 'email',
        partitionName: 'Default',
      });
    }
    const job = await started(stack.api, 'bulk');
    const waiting = await until(
      stack.api,
      job.id,
      (view) => view.message?.includes('waits its turn') ?? false,
    );
    expect(waiting.state).toBe('running');
    expect((await stack.control.stats()).errorsByCode['1016']).toBeGreaterThan(0);
    await stack.control.setConfig({ bulkRowsPerTick: 5000 });
    const done = await until(stack.api, job.id, finished);
    expect(done.state).toBe('completed');
    expect(done.counts.written).toBe(GOOD);
    expect(done.counts.failed).toBe(0);
  });

  it('refuses the bulk path for an owner with limited grants, and takes the sync path for them on auto', async () => {
    const stack = await stackWith({ imports: { startRunner: false } });
    const editor = await stack.signIn({ role: 'editor', partitions: [1] });
    const refused = await startImport(editor, 'bulk');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('sync path');
    const auto = await started(editor, 'auto');
    expect(auto.path).toBe('sync');
    const admin = await started(stack.api, 'auto');
    expect(admin.path).toBe('bulk');
  });

  it('says in the check which path the settings take, and takes the path chosen at the start', async () => {
    const stack = await stackWith({ imports: { startRunner: false } });
    const upload = await stack.api.inject({
      method: 'POST',
      url: '/api/imports/files?name=bulk.csv',
      headers: { 'content-type': 'text/csv' },
      payload: csvFile(),
    });
    const file = upload.json<ImportFile>();
    const settings = (path: ImportSettings['path'], action: ImportSettings['action'] = 'createOrUpdate') => ({
      fileId: file.id,
      partitionName: 'Default',
      mapping: ['email', 'firstName', 'numberOfEmployees'],
      action,
      path,
    });
    const check = async (body: ImportSettings) =>
      (
        await stack.api.inject({ method: 'POST', url: '/api/imports/check', payload: body })
      ).json<ImportCheck>();
    // 2,990 good rows, from 2,000 on auto: bulk; sync when chosen; closed to an update-only import.
    expect((await check(settings('auto'))).path).toEqual({ takes: 'bulk', bulkMinRows: 2000 });
    expect((await check(settings('sync'))).path).toEqual({ takes: 'sync', bulkMinRows: 2000 });
    expect((await check(settings('bulk', 'updateOnly'))).path).toEqual({
      takes: 'sync',
      bulkMinRows: 2000,
      bulkRefused: 'action',
    });
    const sync = await stack.api.inject({ method: 'POST', url: '/api/imports', payload: settings('sync') });
    expect(sync.statusCode, sync.body).toBe(201);
    expect(sync.json<ImportJob>().path).toBe('sync');
  });
});

describe('on PostgreSQL, two replicas', () => {
  /** A replica's own runner on the bulk path, its uploads small enough for three files. */
  const bulkRunner = (stack: TestStack) => {
    const handle = testRunner(stack, {
      bulkImport: stack.marketo.bulkImport,
      bulkMaxFileBytes: 40_000,
      bulkPoll: { firstMs: 20, maxMs: 200 },
    });
    runners.push(handle.runner);
    return handle;
  };

  it('upload each file once while both run the job, and neither trips over the other', async () => {
    const databaseUrl = await testDatabaseUrl();
    const first = await stackWith({ databaseUrl, imports: { startRunner: false } });
    const second = await stackWith({
      databaseUrl,
      sharedEmulator: first.emulator,
      imports: { startRunner: false },
    });
    const replicas = [bulkRunner(first), bulkRunner(second)];
    for (const { runner } of replicas) runner.start();
    const job = await started(first.api, 'bulk');
    const done = await until(second.api, job.id, finished);
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ total: ROWS, written: GOOD, failed: 0, cancelled: 0 });
    expect(await uploads(first)).toBe(3);
    expect((await leadsAt(first, DOMAIN)).size).toBe(GOOD);
    // A file the other replica claimed first is left to it, not reported as a failed step.
    const errors = replicas.flatMap(({ logs }) => logs.filter((line) => line.includes('"level":50')));
    expect(errors).toEqual([]);
  });

  it('finishes on the second replica a job the first uploaded and then stopped, without uploading again', async () => {
    const databaseUrl = await testDatabaseUrl();
    const first = await stackWith({ databaseUrl, imports: { startRunner: false } });
    await first.control.setConfig({ bulkRowsPerTick: 0 });
    const uploader = bulkRunner(first);
    uploader.runner.start();
    const job = await started(first.api, 'bulk');
    await until(
      first.api,
      job.id,
      (view) => (view.bulkBatches ?? []).filter((batch) => batch.marketoBatchId !== null).length === 3,
    );
    await uploader.runner.stop();

    const second = await stackWith({
      databaseUrl,
      sharedEmulator: first.emulator,
      imports: { startRunner: false },
    });
    await second.control.setConfig({ bulkRowsPerTick: 1000 });
    bulkRunner(second).runner.start();
    const done = await until(second.api, job.id, finished);
    expect(done.state).toBe('completed');
    expect(done.bulkBatches!.map((batch) => batch.state)).toEqual(['complete', 'complete', 'complete']);
    expect(await uploads(first)).toBe(3);
    expect((await leadsAt(first, DOMAIN)).size).toBe(GOOD);
  });
});
