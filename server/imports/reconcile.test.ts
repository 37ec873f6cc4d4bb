// Settling a chunk whose answer was lost, against the emulator over real HTTP: jobs start through the jobs API as
// the console page starts them; a crash is a chunk marked `sending` in the console database (what the runner
// does just before its call) whose call then never left, or left and was never heard back. Every row must end
// with the values of the file, in one lead, and be recorded once with the right status.
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportFile, ImportJob, ImportSettings } from '../contract/imports';
import type { EmulatorLead } from '../emulator/test-helpers';
import type { MarketoApi } from '../marketo/types';
import { ImportRunsRepo } from '../store/import-runs-repo';
import { startTestStack, type TestStack, type TestStackOptions } from '../test-helpers';
import { holdsValue } from './sent-values';
import type { ImportRunner } from './runner';
import { leadsAt, sleep, testRunner } from './runner-test-support';

const stacks: TestStack[] = [];
const runners: ImportRunner[] = [];

afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

interface Harness {
  stack: TestStack;
  runner: ImportRunner;
  logs: string[];
  /** Sync calls the runner made (each may be several HTTP attempts inside the client). */
  syncCalls: () => number;
}

/** A stack whose own runner stays idle, and a runner of the test's with a short backoff and counted syncs. */
async function harness(options: TestStackOptions = {}): Promise<Harness> {
  const stack = await startTestStack({ ...options, imports: { startRunner: false } });
  stacks.push(stack);
  let syncs = 0;
  const marketo = new Proxy(stack.marketo, {
    get(target, property, receiver) {
      if (property === 'syncLeadsTraced') {
        return (request: Parameters<MarketoApi['syncLeadsTraced']>[0]) => {
          syncs += 1;
          return target.syncLeadsTraced(request);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const { runner, logs } = testRunner(stack, { marketo });
  runners.push(runner);
  return { stack, runner, logs, syncCalls: () => syncs };
}

type JobSettings = Omit<ImportSettings, 'fileId'>;

/** Uploads `csv` and starts an import of it, as the import page does; answers the job id. */
async function startImport(stack: TestStack, csv: string, settings: JobSettings): Promise<string> {
  const upload = await stack.api.inject({
    method: 'POST',
    url: '/api/imports/files?name=fix.csv',
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(upload.statusCode).toBe(201);
  const started = await stack.api.inject({
    method: 'POST',
    url: '/api/imports',
    payload: { fileId: upload.json<ImportFile>().id, ...settings },
  });
  expect(started.statusCode, started.body).toBe(201);
  return started.json<ImportJob>().id;
}

async function jobOf(stack: TestStack, id: string): Promise<ImportJob> {
  return (await stack.api.inject(`/api/imports/${id}`)).json<ImportJob>();
}

/** The job once it has ended; the runner is woken as the jobs API would wake the proxy's own. */
async function finished({ stack, runner }: Harness, id: string): Promise<ImportJob> {
  const until = Date.now() + 30_000;
  for (;;) {
    runner.wake();
    const job = await jobOf(stack, id);
    if (job.state !== 'running' && job.state !== 'cancelling') return job;
    if (Date.now() > until) throw new Error(`import ${id} still ${job.state}`);
    await sleep(10);
  }
}

/** The proxy marks the job's next chunk `sending` and stops before it hears back (or before it sends). */
async function crashWithChunkMarked(stack: TestStack, jobId: string) {
  const claimed = await new ImportRunsRepo(stack.imports.db).claimChunk(
    jobId,
    300,
    (rows) => rows.length,
    Date.now(),
  );
  if (!claimed) throw new Error('nothing to claim');
  return claimed;
}

async function seededLead(stack: TestStack, email: string): Promise<EmulatorLead> {
  const lead = (await stack.control.leads()).find((candidate) => candidate.email === email);
  if (!lead) throw new Error(`no seeded lead ${email}`);
  return lead;
}

/** The import entries of the audit trail for chunks (the start of each job has its own entry), oldest first. */
async function chunkAudit(stack: TestStack) {
  return (
    await stack.access.audit.query({ visiblePartitions: 'all', readerUserId: 0, action: 'import' }, 500)
  )
    .reverse()
    .filter((entry) => / chunk \d+: /.test(entry.summary));
}

async function results(stack: TestStack, jobId: string) {
  const page = (await stack.api.inject(`/api/imports/${jobId}/results?limit=500`)).json<{
    rows: { row: number; status: string; leadId?: number; reason?: { code: string } }[];
  }>();
  return page.rows.map((row) => [row.status, row.reason?.code ?? null]);
}

describe('holdsValue: does Marketo hold what a row sent', () => {
  it.each([
    ['numbers by value', 'currency', 1234.5, '1234.50', true],
    ['integers by value', 'integer', 7, 7, true],
    ['a different number', 'float', 1.5, 1.25, false],
    ['a number that is not plain', 'integer', 16, '0x10', false],
    ['booleans', 'boolean', true, 'true', true],
    ['a boolean unset reads false', 'boolean', true, false, false],
    ['emails in any case', 'email', 'Ana@Example.COM', 'ana@example.com', true],
    ['text as written', 'string', 'New', 'New', true],
    ['text in another case', 'string', 'new', 'New', false],
    ['text trimmed', 'text', 'New', ' New ', true],
    ['another text', 'string', 'New', 'Old', false],
    ['a date', 'date', '2026-05-01', '2026-05-01', true],
    ['a date read as its midnight', 'date', '2026-05-01', '2026-05-01T00:00:00Z', true],
    ['another date', 'date', '2026-05-01', '2026-05-02', false],
    ['a day that does not exist', 'date', '2026-02-31', '2026-03-03', false],
    ['a time by its instant', 'datetime', '2026-05-01T12:00:00+02:00', '2026-05-01T10:00:00Z', true],
    ['an offset without a colon', 'datetime', '2026-05-01T12:00+0200', '2026-05-01T10:00:00.000Z', true],
    ['a different instant', 'datetime', '2026-05-01T12:00:00+02:00', '2026-05-01T12:00:00Z', false],
    ['a time without a zone', 'datetime', '2026-05-01T10:00:00Z', '2026-05-01T10:00:00', false],
    ['a sent value Marketo does not hold', 'string', 'New', null, false],
    ['a cleared field', 'string', null, '', true],
    ['an unknown type, as text', 'mystery', 'x', 'X', false],
  ] as const)('%s', (_what, dataType, sent, held, expected) => {
    expect(holdsValue(sent, held, dataType)).toBe(expected);
  });
});

describe('reconcile: a row is written only if Marketo holds every value it sent', () => {
  it('611 on a re-import of leads created a moment ago: the corrected values are sent again, not claimed', async () => {
    const h = await harness({ client: { windowMs: 300, maxAttempts: 3 } });
    const { stack } = h;
    const settings = { partitionName: 'Default', mapping: ['email', 'lastName'] };
    const first = await startImport(
      stack,
      'email,lastName\na@fix611.test,Old\nb@fix611.test,Old\n',
      settings,
    );
    h.runner.start();
    expect((await finished(h, first)).counts).toMatchObject({ created: 2, sent: 2 });
    const callsBefore = h.syncCalls();

    // Marketo has a bad moment: every attempt of the next sync gets 611, so the runner cannot know what ran.
    await stack.control.injectFault({ code: '611', count: 3, path: '/rest/v1/leads.json' });
    const second = await startImport(
      stack,
      'email,lastName\na@fix611.test,New\nb@fix611.test,New\n',
      settings,
    );
    const job = await finished(h, second);

    expect(job.state).toBe('completed');
    expect(job.counts).toMatchObject({ total: 2, sent: 2, created: 0, updated: 2, skipped: 0, failed: 0 });
    const leads = await leadsAt(stack, 'fix611.test');
    expect([...leads.values()].map((lead) => [lead.email, lead.lastName])).toEqual([
      ['a@fix611.test', 'New'],
      ['b@fix611.test', 'New'],
    ]);
    // The call lost to the 611s, then the rows once more: Marketo held the old names.
    expect(h.syncCalls() - callsBefore).toBe(2);
    expect(h.logs.some((line) => line.includes('got no answer'))).toBe(true);
    expect((await chunkAudit(stack)).slice(-2).map((entry) => entry.summary)).toEqual([
      'Import "fix.csv" chunk 1: 0 created, 0 updated, 0 skipped, 0 failed; confirmed by lookup after no answer from Marketo, 2 not written and queued again',
      'Import "fix.csv" chunk 2: 0 created, 2 updated, 0 skipped, 0 failed',
    ]);
  }, 60_000);

  it('a chunk marked but never sent, whose leads another writer touched a moment ago, is sent after a restart', async () => {
    const h = await harness();
    const { stack } = h;
    // A form (or an earlier import) wrote two of the file's leads seconds ago.
    await stack.marketo.syncLeads({
      action: 'createOrUpdate',
      lookupField: 'email',
      partitionName: 'Default',
      input: [
        { email: 'a@crash.test', lastName: 'Old' },
        { email: 'b@crash.test', lastName: 'Old' },
      ],
    });
    const jobId = await startImport(
      stack,
      'email,lastName\na@crash.test,New\nb@crash.test,New\nc@crash.test,New\n',
      { partitionName: 'Default', mapping: ['email', 'lastName'] },
    );
    await crashWithChunkMarked(stack, jobId);

    h.runner.start();
    const job = await finished(h, jobId);

    expect(job.state).toBe('completed');
    expect(job.counts).toMatchObject({ total: 3, sent: 3, created: 1, updated: 2, skipped: 0, failed: 0 });
    expect(await results(stack, jobId)).toEqual([
      ['updated', null],
      ['updated', null],
      ['created', null],
    ]);
    const leads = await leadsAt(stack, 'crash.test');
    expect([...leads.values()].map((lead) => [lead.email, lead.lastName])).toEqual([
      ['a@crash.test', 'New'],
      ['b@crash.test', 'New'],
      ['c@crash.test', 'New'],
    ]);
    expect(h.syncCalls()).toBe(1);
    expect((await chunkAudit(stack)).map((entry) => entry.summary)).toEqual([
      'Import "fix.csv" chunk 1: 0 created, 0 updated, 0 skipped, 0 failed; confirmed by lookup after a restart, 3 not written and queued again',
      'Import "fix.csv" chunk 2: 1 created, 2 updated, 0 skipped, 0 failed',
    ]);
  }, 30_000);

  it('a chunk that reached Marketo before the crash is recorded from the values it holds, read by type, and not sent again; created or updated, it cannot tell', async () => {
    const h = await harness();
    const { stack } = h;
    const csv = [
      'email,title,lastWebinarAt,annualRevenue,gdprConsent,lastEventDate,customerTier',
      'jordan.reyes@example.com,Chief Operator,2026-05-01T12:00:00+02:00,1234.50,yes,2026-04-30,007',
      'Ana.Types@Types.TEST,Analyst,2026-05-02T08:30:00Z,99,no,2026-01-31,1',
    ].join('\n');
    const mapping = ['email', 'title', 'lastWebinarAt', 'annualRevenue', 'gdprConsent', 'lastEventDate'];
    const jobId = await startImport(stack, csv, {
      partitionName: 'Default',
      mapping: [...mapping, 'customerTier'],
    });
    const claimed = await crashWithChunkMarked(stack, jobId);
    // The call went out and was applied; the proxy died before storing the answer.
    const sent = await stack.marketo.syncLeads({
      action: 'createOrUpdate',
      lookupField: 'email',
      partitionName: 'Default',
      input: claimed.rows.map((row) => row.fields),
    });
    expect(sent.map((outcome) => outcome.status)).toEqual(['updated', 'created']);

    h.runner.start();
    const job = await finished(h, jobId);

    expect(h.syncCalls()).toBe(0);
    // Marketo's answer said one of each; the lookup afterwards cannot, and says so.
    expect(job.counts).toMatchObject({ sent: 2, created: 0, updated: 0, written: 2, skipped: 0, failed: 0 });
    expect(await results(stack, jobId)).toEqual([
      ['written', 'created_or_updated'],
      ['written', 'created_or_updated'],
    ]);
    const jordan = await seededLead(stack, 'jordan.reyes@example.com');
    // Held as Marketo holds it, not as the file wrote it: the comparison was by value and instant.
    expect(jordan).toMatchObject({
      lastWebinarAt: '2026-05-01T10:00:00Z',
      annualRevenue: 1234.5,
      customerTier: 7,
    });
    expect((await leadsAt(stack, 'types.test')).size).toBe(1);
  }, 30_000);

  it('createOnly: a lead holding the row’s values is written, whether this chunk created it or not', async () => {
    const h = await harness();
    const { stack } = h;
    const jordan = await seededLead(stack, 'jordan.reyes@example.com');
    const jobId = await startImport(
      stack,
      `email,firstName\n${String(jordan.email)},${String(jordan.firstName)}\nnew.one@createonly.test,New\n`,
      { partitionName: 'Default', action: 'createOnly', mapping: ['email', 'firstName'] },
    );
    const claimed = await crashWithChunkMarked(stack, jobId);
    const sent = await stack.marketo.syncLeads({
      action: 'createOnly',
      lookupField: 'email',
      partitionName: 'Default',
      input: claimed.rows.map((row) => row.fields),
    });
    expect(sent.map((outcome) => outcome.status)).toEqual(['skipped', 'created']);

    h.runner.start();
    const job = await finished(h, jobId);

    // Jordan's lead is years old by Marketo's clock, but that clock is not ours: neither row can be told apart
    // from a lead this chunk created, and neither is sent again (a resend would only hear 1005).
    expect(h.syncCalls()).toBe(0);
    expect(job.counts).toMatchObject({ sent: 2, created: 0, updated: 0, written: 2, skipped: 0, failed: 0 });
    expect(await results(stack, jobId)).toEqual([
      ['written', 'created_or_updated'],
      ['written', 'created_or_updated'],
    ]);
    expect((await leadsAt(stack, 'createonly.test')).size).toBe(1);
  }, 30_000);

  it('a lead created 45 s before its chunk went out is not called created: the console says it cannot tell', async () => {
    const h = await harness();
    const { stack } = h;
    // Another writer (a form) creates the lead with the row's values; the chunk goes out 45 s later.
    await stack.marketo.syncLeads({
      action: 'createOrUpdate',
      lookupField: 'email',
      partitionName: 'Default',
      input: [{ email: 'early@skew.test', firstName: 'Early' }],
    });
    const jobId = await startImport(stack, 'email,firstName\nearly@skew.test,Early\n', {
      partitionName: 'Default',
      mapping: ['email', 'firstName'],
    });
    await new ImportRunsRepo(stack.imports.db).claimChunk(
      jobId,
      300,
      (rows) => rows.length,
      Date.now() + 45_000,
    );

    h.runner.start();
    const job = await finished(h, jobId);

    expect(h.syncCalls()).toBe(0);
    expect(job.counts).toMatchObject({ total: 1, sent: 1, created: 0, updated: 0, written: 1 });
    const page = (await stack.api.inject(`/api/imports/${jobId}/results?status=written`)).json<{
      total: number;
      rows: { status: string; reason?: { code: string; message: string } }[];
    }>();
    expect(page.total).toBe(1);
    expect(page.rows[0]?.reason).toEqual({
      code: 'created_or_updated',
      message:
        "Created or updated: the console restarted before Marketo's answer was stored, so it cannot tell which",
    });
    const csv = (await stack.api.inject(`/api/imports/${jobId}/results.csv`)).body;
    expect(csv).toContain('"written"');
    expect((await chunkAudit(stack)).map((entry) => entry.summary)).toEqual([
      'Import "fix.csv" chunk 1: 0 created, 0 updated, 1 created or updated (cannot tell which), 0 skipped, 0 failed; confirmed by lookup after a restart, 0 not written and queued again',
    ]);
    expect((await chunkAudit(stack))[0]?.outcome).toBe('success');
  }, 30_000);

  it('createOnly: a lead created a moment ago with other values is not this chunk’s; the resend hears 1005', async () => {
    const h = await harness();
    const { stack } = h;
    await stack.marketo.syncLeads({
      action: 'createOrUpdate',
      lookupField: 'email',
      partitionName: 'Default',
      input: [{ email: 'taken@createonly.test', firstName: 'Someone else' }],
    });
    const jobId = await startImport(stack, 'email,firstName\ntaken@createonly.test,Mine\n', {
      partitionName: 'Default',
      action: 'createOnly',
      mapping: ['email', 'firstName'],
    });
    await crashWithChunkMarked(stack, jobId);

    h.runner.start();
    const job = await finished(h, jobId);

    expect(job.counts).toMatchObject({ created: 0, skipped: 1 });
    expect(await results(stack, jobId)).toEqual([['skipped', '1005']]);
    expect((await leadsAt(stack, 'createonly.test')).get('taken@createonly.test')?.firstName).toBe(
      'Someone else',
    );
  }, 30_000);

  it('updateOnly: the audit names the partitions the updated leads live in, read back with them', async () => {
    const h = await harness();
    const { stack } = h;
    // Into Mexico by name, but updateOnly reaches a lead wherever it lives: Jordan is in Default.
    const jobId = await startImport(
      stack,
      'email,title\njordan.reyes@example.com,Updated by import\nlucia.hernandez@example.mx,Actualizada\n',
      { partitionName: 'Mexico', action: 'updateOnly', mapping: ['email', 'title'] },
    );
    const claimed = await crashWithChunkMarked(stack, jobId);
    await stack.marketo.syncLeads({
      action: 'updateOnly',
      lookupField: 'email',
      partitionName: 'Mexico',
      input: claimed.rows.map((row) => row.fields),
    });

    h.runner.start();
    const job = await finished(h, jobId);

    expect(job.counts).toMatchObject({ updated: 2, sent: 2 });
    expect(h.syncCalls()).toBe(0);
    const [entry] = await chunkAudit(stack);
    expect([...(entry?.partitions ?? [])].sort()).toEqual(['Default', 'Mexico']);
  }, 30_000);
});
