// The import runner against the emulator over real HTTP: jobs are seeded straight into the console database (the
// jobs API has its own tests), then the runner sends them and every claim is checked in the emulator itself:
// each lead exactly once, one sync call per chunk, nothing failed because Marketo had a bad moment.
import { sqlRows, sqlRun } from '../testing/console-sql';
import { inTransaction } from '../store/transaction';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportAction } from '../contract/imports';
import type { MarketoApi, MarketoValue } from '../marketo/types';
import { nextQuotaReset } from '../marketo/quota-reset';
import type { ConsoleDb } from '../store/kysely';
import { ImportRunsRepo } from '../store/import-runs-repo';
import { ImportsRepo } from '../store/imports-repo';
import { seededRandom, startTestStack, type TestStack, type TestStackOptions } from '../test-helpers';
import { cancelJob } from './job-cancel';
import type { ImportRunner, ImportRunnerDeps } from './runner';
import { leadsAt, sleep, testRunner, type RunnerHandle } from './runner-test-support';

const stacks: TestStack[] = [];
const runners: ImportRunner[] = [];

afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

async function stackWith(options: TestStackOptions = {}): Promise<TestStack> {
  // The stack's own runner stays idle: each test runs one with its own clock and backoff.
  const stack = await startTestStack({ ...options, imports: { startRunner: false } });
  stacks.push(stack);
  return stack;
}

function runnerFor(stack: TestStack, overrides: Partial<ImportRunnerDeps> = {}): RunnerHandle {
  const handle = testRunner(stack, overrides);
  runners.push(handle.runner);
  return handle;
}

interface SeedSpec {
  leads: Record<string, MarketoValue>[];
  user: { id: number; email: string };
  action?: ImportAction;
  lookupField?: string;
  partitionName?: string;
  fileName?: string;
  /** Rows the check skipped before the job started, placed before the leads. */
  skippedByCheck?: number;
  createdAtMs?: number;
}

/** A job as the jobs API leaves it: `running`, one result per data row (row 2 onwards), leads `pending`. */
async function seedJob(db: ConsoleDb, spec: SeedSpec): Promise<string> {
  const fileId = randomUUID();
  const jobId = randomUUID();
  const skipped = spec.skippedByCheck ?? 0;
  const total = skipped + spec.leads.length;
  const createdAtMs = spec.createdAtMs ?? Date.now();
  await inTransaction(db, async () => {
    await sqlRun(
      db,
      `INSERT INTO import_files (id, user_id, name, size_bytes, delimiter, columns, row_count, created_at_ms)
       VALUES (?, ?, ?, 0, ',', '[]', ?, ?)`,
      fileId,
      spec.user.id,
      spec.fileName ?? 'leads.csv',
      total,
      createdAtMs,
    );
    await sqlRun(
      db,
      `INSERT INTO import_jobs (id, file_id, user_id, user_email, partition_name, action, lookup_field, mapping,
                               state, created_at_ms, total, skipped)
       VALUES (?, ?, ?, ?, ?, ?, ?, '[]', 'running', ?, ?, ?)`,
      jobId,
      fileId,
      spec.user.id,
      spec.user.email,
      spec.partitionName ?? 'Default',
      spec.action ?? 'createOrUpdate',
      spec.lookupField ?? 'email',
      createdAtMs,
      total,
      skipped,
    );
    const insert = (...values: unknown[]) =>
      sqlRun(
        db,
        `INSERT INTO import_results (job_id, row, status, fields, reason_code, reason_message)
         VALUES (?, ?, ?, ?, ?, ?)`,
        ...values,
      );
    for (let i = 0; i < skipped; i++)
      await insert(jobId, i + 2, 'skipped', null, 'bad_email', 'Not an email');
    for (const [i, lead] of spec.leads.entries())
      await insert(jobId, skipped + i + 2, 'pending', JSON.stringify(lead), null, null);
  });
  return jobId;
}

interface JobRow {
  state: string;
  message: string | null;
  paused_until_ms: number | null;
  first_answer_at_ms: number | null;
  finished_at_ms: number | null;
  total: number;
  sent: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  cancelled: number;
}

const jobRow = async (db: ConsoleDb, id: string) =>
  (await sqlRows<JobRow>(db, 'SELECT * FROM import_jobs WHERE id = ?', id))[0]!;

async function results(db: ConsoleDb, jobId: string) {
  return sqlRows<{
    row: number;
    status: string;
    lead_id: number | null;
    reason_code: string | null;
    chunk: number | null;
  }>(
    db,
    'SELECT row, status, lead_id, reason_code, chunk FROM import_results WHERE job_id = ? ORDER BY row',
    jobId,
  );
}

async function chunks(db: ConsoleDb, jobId: string) {
  return sqlRows<{ chunk: number; state: string; rows: number; request_ids: string }>(
    db,
    'SELECT * FROM import_chunks WHERE job_id = ? ORDER BY chunk',
    jobId,
  );
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function finished(db: ConsoleDb, jobId: string): Promise<JobRow> {
  await waitFor(
    'the job to finish',
    async () => !['running', 'cancelling'].includes((await jobRow(db, jobId)).state),
  );
  return await jobRow(db, jobId);
}

const newLeads = (count: number, domain: string, from = 0) =>
  Array.from({ length: count }, (_, i) => ({
    email: `lead${from + i}@${domain}`,
    firstName: `First${from + i}`,
    lastName: 'Imported',
  }));

/** Sync calls the emulator answered (POSTs to leads.json; the filter reads share the path but are counted apart). */
async function syncCalls(stack: TestStack): Promise<number> {
  const stats = await stack.control.stats();
  const filterReads = countedFilterReads.get(stack) ?? 0;
  return (stats.callsByPath['/rest/v1/leads.json'] ?? 0) - filterReads;
}
// Tests that also read by filter count those reads through a wrapped client.
const countedFilterReads = new Map<TestStack, number>();

async function importAudit(stack: TestStack) {
  return (
    await stack.access.audit.query({ visiblePartitions: 'all', readerUserId: 0, action: 'import' }, 500)
  ).reverse();
}

/** The Marketo client with every filter read counted, so sync calls can be told apart in the emulator's stats. */
function countingFilterReads(stack: TestStack): MarketoApi {
  const marketo = stack.marketo;
  countedFilterReads.set(stack, 0);
  return new Proxy(marketo, {
    get(target, property, receiver) {
      if (property === 'getLeadsByFilter') {
        return async (...args: Parameters<MarketoApi['getLeadsByFilter']>) => {
          countedFilterReads.set(stack, (countedFilterReads.get(stack) ?? 0) + 1);
          return target.getLeadsByFilter(...args);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('import runner', () => {
  it('sends a 1,000-row job in ceil(n/300) sync calls, each row created once, with one audit entry per chunk', async () => {
    const stack = await stackWith();
    const { runner } = runnerFor(stack, { marketo: countingFilterReads(stack) });
    const leads = newLeads(1000, 'thousand.test');
    const jobId = await seedJob(stack.imports.db, {
      leads,
      user: stack.api.user,
      skippedByCheck: 3,
      fileName: 'thousand.csv',
    });
    runner.start();
    const job = await finished(stack.imports.db, jobId);

    expect(job).toMatchObject({
      state: 'completed',
      message: null,
      total: 1003,
      sent: 1000,
      created: 1000,
      updated: 0,
      skipped: 3,
      failed: 0,
      cancelled: 0,
    });
    expect(job.first_answer_at_ms).not.toBeNull();
    expect(job.finished_at_ms).not.toBeNull();
    const inEmulator = await leadsAt(stack, 'thousand.test');
    expect(inEmulator.size).toBe(1000);
    expect(await syncCalls(stack)).toBe(Math.ceil(1000 / 300));
    // createOrUpdate lands in the named partition or nowhere: the audit needs no read-back.
    expect(countedFilterReads.get(stack)).toBe(0);
    expect((await chunks(stack.imports.db, jobId)).map((chunk) => [chunk.state, chunk.rows])).toEqual([
      ['done', 300],
      ['done', 300],
      ['done', 300],
      ['done', 100],
    ]);
    const rows = await results(stack.imports.db, jobId);
    for (const row of rows.slice(3)) {
      const lead = inEmulator.get(String(leads[row.row - 5]?.email));
      expect(row).toMatchObject({ status: 'created', lead_id: lead?.id });
    }
    const audit = await importAudit(stack);
    expect(audit.map((entry) => entry.summary)).toEqual([
      'Import "thousand.csv" chunk 1: 300 created, 0 updated, 0 skipped, 0 failed',
      'Import "thousand.csv" chunk 2: 300 created, 0 updated, 0 skipped, 0 failed',
      'Import "thousand.csv" chunk 3: 300 created, 0 updated, 0 skipped, 0 failed',
      'Import "thousand.csv" chunk 4: 100 created, 0 updated, 0 skipped, 0 failed',
    ]);
    expect(audit[0]).toMatchObject({
      user: { id: stack.api.user.id, email: stack.api.user.email },
      partitions: ['Default'],
      outcome: 'success',
    });
    expect(audit[0]?.requestIds).toHaveLength(1);
    // Leads are named by spreadsheet row: the first sent lead is row 5 (header, then three skipped rows).
    expect(audit[0]?.leads[0]).toEqual({
      index: 5,
      leadId: inEmulator.get('lead0@thousand.test')?.id,
      status: 'created',
    });
  }, 60_000);

  it('reports rows that match existing leads as updated, and createOnly on them as skipped 1005', async () => {
    const stack = await stackWith();
    const { runner } = runnerFor(stack);
    const existing = newLeads(5, 'existing.test');
    await stack.marketo.syncLeads({ action: 'createOrUpdate', lookupField: 'email', input: existing });
    const before = await leadsAt(stack, 'existing.test');
    const updates = existing.map((lead) => ({ ...lead, lastName: 'Renamed' }));
    const updateJob = await seedJob(stack.imports.db, { leads: updates, user: stack.api.user });
    const createOnlyJob = await seedJob(stack.imports.db, {
      leads: [...existing, ...newLeads(2, 'existing.test', 5)],
      user: stack.api.user,
      action: 'createOnly',
    });
    runner.start();

    expect(await finished(stack.imports.db, updateJob)).toMatchObject({
      state: 'completed',
      created: 0,
      updated: 5,
    });
    expect((await results(stack.imports.db, updateJob)).map((row) => [row.status, row.lead_id])).toEqual(
      existing.map((lead) => ['updated', before.get(lead.email)?.id]),
    );
    expect(await finished(stack.imports.db, createOnlyJob)).toMatchObject({
      state: 'completed',
      created: 2,
      skipped: 5,
    });
    const createOnly = await results(stack.imports.db, createOnlyJob);
    expect(createOnly.slice(0, 5).map((row) => [row.status, row.reason_code])).toEqual(
      Array.from({ length: 5 }, () => ['skipped', '1005']),
    );
    const after = await leadsAt(stack, 'existing.test');
    expect(after.size).toBe(7);
    expect([...after.values()].filter((lead) => lead.lastName === 'Renamed')).toHaveLength(5);
  }, 60_000);

  it('takes chunks from running jobs in turn', async () => {
    const stack = await stackWith();
    const { runner } = runnerFor(stack);
    const first = await seedJob(stack.imports.db, {
      leads: newLeads(600, 'turns.test'),
      user: stack.api.user,
      fileName: 'a.csv',
      createdAtMs: Date.now() - 1000,
    });
    const second = await seedJob(stack.imports.db, {
      leads: newLeads(600, 'turns.test', 600),
      user: stack.api.user,
      fileName: 'b.csv',
    });
    runner.start();
    await finished(stack.imports.db, first);
    await finished(stack.imports.db, second);
    expect(
      (await importAudit(stack)).map((entry) =>
        /"(\w)\.csv" chunk (\d)/.exec(entry.summary)?.slice(1).join(''),
      ),
    ).toEqual(['a1', 'b1', 'a2', 'b2']);
  }, 60_000);

  it('screens a restricted editor: a row matching a lead outside the grants is skipped unsent', async () => {
    const stack = await stackWith();
    const { runner } = runnerFor(stack);
    const editor = await stack.signIn({ role: 'editor', partitions: [2] });
    const jobId = await seedJob(stack.imports.db, {
      leads: [
        { email: 'new.one@screen.test', firstName: 'New' },
        // Canada (318820): out of this editor's reach.
        { email: 'emily.tremblay@example.ca', firstName: 'Changed' },
        // Mexico (318817): inside the grant.
        { email: 'lucia.hernandez@example.mx', title: 'Directora' },
      ],
      user: editor.user,
      partitionName: 'Mexico',
    });
    runner.start();
    // The screened row was answered here, never sent.
    expect(await finished(stack.imports.db, jobId)).toMatchObject({
      state: 'completed',
      sent: 2,
      created: 1,
      updated: 1,
      skipped: 1,
    });
    const rows = await results(stack.imports.db, jobId);
    expect(rows.map((row) => [row.status, row.reason_code])).toEqual([
      ['created', null],
      ['skipped', '1010'],
      ['updated', null],
    ]);
    const canada = (await stack.control.leads()).find((lead) => lead.id === 318820);
    expect(canada?.firstName).not.toBe('Changed');
    const [entry] = await importAudit(stack);
    expect(entry?.leads[1]).toEqual({
      index: 3,
      status: 'skipped',
      reason: '1010 This lead exists in a partition you cannot access',
    });
  }, 60_000);

  it('stops the job, sending nothing, when its owner lost the grant; unsent rows are cancelled', async () => {
    const stack = await stackWith();
    const { runner } = runnerFor(stack);
    const editor = await stack.signIn({ role: 'editor', partitions: [2] });
    const jobId = await seedJob(stack.imports.db, {
      leads: newLeads(10, 'revoked.test'),
      user: editor.user,
      partitionName: 'Mexico',
    });
    await stack.access.users.update(editor.user.id, { partitions: [3] });
    runner.start();
    const job = await finished(stack.imports.db, jobId);
    expect(job).toMatchObject({ state: 'failed', sent: 0, cancelled: 10 });
    expect(job.message).toBe(
      `The import stopped: ${editor.user.email} no longer has access to partition 'Mexico'.`,
    );
    expect(new Set((await results(stack.imports.db, jobId)).map((row) => row.status))).toEqual(
      new Set(['cancelled']),
    );
    expect(await syncCalls(stack)).toBe(0);
    expect(await importAudit(stack)).toEqual([
      expect.objectContaining({
        user: { id: editor.user.id, email: editor.user.email },
        partitions: ['Mexico'],
        outcome: 'failure',
        leadIds: [],
        summary: `Import "leads.csv" failed: 10 rows will not be sent (into Mexico). ${job.message}`,
      }),
    ]);
  });

  it('names in the audit the partitions updateOnly really reached, read back after the write', async () => {
    const stack = await stackWith();
    const marketo = countingFilterReads(stack);
    const { runner } = runnerFor(stack, { marketo });
    // Into Mexico by name; updateOnly finds Jordan in Default all the same.
    const jobId = await seedJob(stack.imports.db, {
      leads: [
        { email: 'jordan.reyes@example.com', title: 'Updated by import' },
        { email: 'lucia.hernandez@example.mx', title: 'Actualizada' },
        { email: 'nobody@update-only.test', title: 'Nobody' },
      ],
      user: stack.api.user,
      action: 'updateOnly',
      partitionName: 'Mexico',
    });
    runner.start();
    expect(await finished(stack.imports.db, jobId)).toMatchObject({
      state: 'completed',
      updated: 2,
      sent: 3,
    });
    const [entry] = await importAudit(stack);
    expect([...(entry?.partitions ?? [])].sort()).toEqual(['Default', 'Mexico']);
    expect(countedFilterReads.get(stack)).toBe(1);
  });

  it('fails a row too large to send without sending it', async () => {
    const stack = await stackWith();
    const { runner } = runnerFor(stack);
    const jobId = await seedJob(stack.imports.db, {
      leads: [{ email: 'huge@oversized.test', address: 'x'.repeat(1024 * 1024) }],
      user: stack.api.user,
    });
    runner.start();
    expect(await finished(stack.imports.db, jobId)).toMatchObject({ state: 'completed', sent: 0, failed: 1 });
    expect((await results(stack.imports.db, jobId))[0]).toMatchObject({
      status: 'failed',
      reason_code: '413',
    });
    expect(await syncCalls(stack)).toBe(0);
  });

  it('also stops for a disabled owner', async () => {
    const stack = await stackWith();
    const { runner } = runnerFor(stack);
    const editor = await stack.signIn({ role: 'editor', partitions: 'all' });
    const jobId = await seedJob(stack.imports.db, { leads: newLeads(3, 'disabled.test'), user: editor.user });
    await stack.access.users.update(editor.user.id, { disabled: true });
    runner.start();
    expect((await finished(stack.imports.db, jobId)).message).toBe(
      `The import stopped: the account ${editor.user.email} was disabled.`,
    );
  });
});

describe('import runner when Marketo misbehaves', () => {
  it('absorbs a trickle of 606, 615, 611 and 602: every row once, none failed', async () => {
    const stack = await stackWith({
      emulatorRandom: seededRandom(6_2026),
      client: { windowMs: 500, maxAttempts: 8 },
    });
    const { runner } = runnerFor(stack);
    for (const code of ['606', '615', '611', '602'] as const) {
      await stack.control.injectFault({ code, probability: 0.15, path: '/rest/v1/leads.json' });
    }
    const jobId = await seedJob(stack.imports.db, {
      leads: newLeads(1500, 'trickle.test'),
      user: stack.api.user,
    });
    runner.start();
    const job = await finished(stack.imports.db, jobId);
    await stack.control.clearFaults();
    expect(job).toMatchObject({ state: 'completed', created: 1500, failed: 0 });
    expect((await leadsAt(stack, 'trickle.test')).size).toBe(1500);
    // The faults really happened.
    expect(Object.keys((await stack.control.stats()).errorsByCode).length).toBeGreaterThan(0);
  }, 60_000);

  it('outlasting the client: 606s make the rows wait, 611s make it confirm by lookup; still every row once', async () => {
    const stack = await stackWith({ client: { windowMs: 300, maxAttempts: 3 } });
    const marketo = countingFilterReads(stack);
    const { runner, logs } = runnerFor(stack, { marketo, backoff: { firstMs: 300, maxMs: 600 } });
    const jobId = await seedJob(stack.imports.db, {
      leads: newLeads(700, 'outlast.test'),
      user: stack.api.user,
    });
    // The first sync's three attempts get 606 (refused: its rows simply wait); the next one's three get 611 (it
    // may have run: confirmed by lookup, which finds nothing and queues the rows again).
    await stack.control.injectFault({ code: '606', count: 3, path: '/rest/v1/leads.json' });
    runner.start();
    await waitFor('the refusal', () => logs.some((line) => line.includes('refused by Marketo')));
    expect((await jobRow(stack.imports.db, jobId)).message).toMatch(
      /^Marketo is not answering; trying again at /,
    );
    await stack.control.injectFault({ code: '611', count: 3, path: '/rest/v1/leads.json' });
    const job = await finished(stack.imports.db, jobId);
    expect(job).toMatchObject({ state: 'completed', created: 700, failed: 0, message: null });
    expect((await leadsAt(stack, 'outlast.test')).size).toBe(700);
    expect(logs.some((line) => line.includes('got no answer'))).toBe(true);
    expect(logs.some((line) => line.includes('confirmed by lookup'))).toBe(true);
    const summaries = (await importAudit(stack)).map((entry) => entry.summary);
    expect(summaries[0]).toMatch(/chunk 1: 0 created.*confirmed by lookup.*300 not written and queued again/);
    expect(summaries).toHaveLength(4);
  }, 60_000);

  it('pauses on the daily quota (607) with a plain message, and goes on after the reset', async () => {
    const stack = await stackWith();
    let clockOffset = 0;
    const { runner } = runnerFor(stack, { now: () => Date.now() + clockOffset });
    const jobId = await seedJob(stack.imports.db, {
      leads: newLeads(20, 'quota.test'),
      user: stack.api.user,
    });
    await stack.control.injectFault({ code: '607', path: '/rest/v1/leads.json' });
    runner.start();
    await waitFor('the pause', async () => (await jobRow(stack.imports.db, jobId)).paused_until_ms !== null);
    const paused = await jobRow(stack.imports.db, jobId);
    const reset = nextQuotaReset();
    expect(paused).toMatchObject({ state: 'running', sent: 0, paused_until_ms: reset.getTime() });
    expect(paused.message).toBe(
      `Marketo's daily API quota is used up; the import continues after ${reset.toISOString().slice(0, 19).replace('T', ' ')} UTC (Marketo's reset)`,
    );
    expect(await chunks(stack.imports.db, jobId)).toEqual([]);
    expect(
      new Set((await results(stack.imports.db, jobId)).map((row) => `${row.status}/${row.chunk}`)),
    ).toEqual(new Set(['pending/null']));

    clockOffset = reset.getTime() - Date.now() + 1000;
    runner.wake();
    expect(await finished(stack.imports.db, jobId)).toMatchObject({
      state: 'completed',
      created: 20,
      message: null,
    });
  }, 60_000);
});

describe('import runner restarts and shutdown', () => {
  it('settles chunks left sending by a crash by lookup, never by sending them again', async () => {
    const stack = await stackWith();
    const marketo = countingFilterReads(stack);
    const db = stack.imports.db;
    const repo = new ImportRunsRepo(db);
    const leads = [
      { email: 'jordan.reyes@example.com', title: 'Head of Marketing Operations' }, // Default, exists
      { email: 'lucia.hernandez@example.mx', title: 'Gerente' }, // Mexico: not this job's partition
      ...newLeads(598, 'crash.test'),
    ];
    const jobId = await seedJob(db, { leads, user: stack.api.user, fileName: 'crash.csv' });
    // The proxy sent chunk 1 and died before storing the answer; chunk 2 was marked but never left.
    const first = await repo.claimChunk(jobId, 300, (rows) => rows.length, Date.now());
    const sentFirst = await stack.marketo.syncLeads({
      action: 'createOrUpdate',
      lookupField: 'email',
      partitionName: 'Default',
      input: first?.rows.map((row) => row.fields) ?? [],
    });
    expect(sentFirst.map((outcome) => outcome.status).slice(0, 3)).toEqual(['updated', 'skipped', 'created']);
    await repo.claimChunk(jobId, 300, (rows) => rows.length, Date.now());
    const callsBefore = await syncCalls(stack);

    const { runner } = runnerFor(stack, { marketo });
    runner.start();
    const job = await finished(db, jobId);

    // Chunk 1 confirmed as it went; chunk 2's rows ride again in one new chunk: one more sync call, not two.
    expect(await syncCalls(stack)).toBe(callsBefore + 1);
    // The Mexico row's 1010 is known from the lookup, not from an answer: nothing proves it was sent. Chunk 1's
    // leads are in Marketo, but whether each was created or updated the lookup cannot tell: `written`.
    expect(job).toMatchObject({
      state: 'completed',
      sent: 599,
      created: 300,
      updated: 0,
      written: 299,
      skipped: 1,
      failed: 0,
    });
    const rows = await results(db, jobId);
    expect(rows.slice(0, 3).map((row) => [row.status, row.lead_id, row.reason_code])).toEqual([
      ['written', 318801, 'created_or_updated'],
      ['skipped', null, '1010'],
      ['written', sentFirst[2]?.id, 'created_or_updated'],
    ]);
    expect((await leadsAt(stack, 'crash.test')).size).toBe(598);
    expect((await chunks(db, jobId)).map((chunk) => [chunk.chunk, chunk.state, chunk.rows])).toEqual([
      [1, 'done', 300],
      [2, 'done', 0],
      [3, 'done', 300],
    ]);
    expect((await importAudit(stack)).map((entry) => entry.summary)).toEqual([
      'Import "crash.csv" chunk 1: 0 created, 0 updated, 299 created or updated (cannot tell which), 1 skipped, 0 failed; confirmed by lookup after a restart, 0 not written and queued again',
      'Import "crash.csv" chunk 2: 0 created, 0 updated, 0 skipped, 0 failed; confirmed by lookup after a restart, 300 not written and queued again',
      'Import "crash.csv" chunk 3: 300 created, 0 updated, 0 skipped, 0 failed',
    ]);
  }, 60_000);

  it('marks a row it cannot look up (a comma in its value) failed rather than resend it', async () => {
    const stack = await stackWith();
    const db = stack.imports.db;
    const repo = new ImportRunsRepo(db);
    const jobId = await seedJob(db, {
      leads: [{ email: 'comma.row@comma.test' }, { email: 'fine.row@comma.test' }],
      user: stack.api.user,
      lookupField: 'email',
    });
    // Make the first row's value unreadable by the filter, as a lookup field with a comma would be.
    await sqlRun(
      db,
      `UPDATE import_results SET fields = ? WHERE job_id = ? AND row = 2`,
      JSON.stringify({ email: 'a,b@comma.test' }),
      jobId,
    );
    await repo.claimChunk(jobId, 300, (rows) => rows.length, Date.now());
    const { runner } = runnerFor(stack);
    runner.start();
    expect(await finished(db, jobId)).toMatchObject({ state: 'completed', failed: 1, created: 1 });
    expect((await results(db, jobId)).map((row) => [row.status, row.reason_code])).toEqual([
      ['failed', 'unconfirmed'],
      ['created', null],
    ]);
  });

  it('stop() waits for the chunk in flight, stores it, and takes no other', async () => {
    const stack = await stackWith();
    const db = stack.imports.db;
    const { runner } = runnerFor(stack);
    const jobId = await seedJob(db, { leads: newLeads(900, 'stop.test'), user: stack.api.user });
    await stack.control.setConfig({ latencyMs: 400 });
    runner.start();
    await waitFor('a chunk in flight', async () =>
      (await chunks(db, jobId)).some((chunk) => chunk.state === 'sending'),
    );
    await runner.stop();
    expect((await chunks(db, jobId)).map((chunk) => [chunk.state, chunk.rows])).toEqual([['done', 300]]);
    expect(await jobRow(db, jobId)).toMatchObject({ state: 'running', sent: 300, created: 300 });
    expect((await leadsAt(stack, 'stop.test')).size).toBe(300);
  });
});

describe('import runner and the end of a job', () => {
  it('finishes a job cancelled while its chunk was in flight as cancelled, with that chunk recorded', async () => {
    const stack = await stackWith();
    const db = stack.imports.db;
    const { runner } = runnerFor(stack);
    const jobId = await seedJob(db, { leads: newLeads(900, 'cancel.test'), user: stack.api.user });
    await stack.control.setConfig({ latencyMs: 400 });
    runner.start();
    await waitFor('a chunk in flight', async () =>
      (await chunks(db, jobId)).some((chunk) => chunk.state === 'sending'),
    );
    expect(await cancelJob(new ImportsRepo(db), jobId, Date.now())).toEqual({ cancelledRows: 600 });
    expect((await jobRow(db, jobId)).state).toBe('cancelling');
    expect(await finished(db, jobId)).toMatchObject({
      state: 'cancelled',
      sent: 300,
      created: 300,
      cancelled: 600,
    });
    expect((await leadsAt(stack, 'cancel.test')).size).toBe(300);
  });

  it('stops a job Marketo refuses for good (1003 for the whole call), sending nothing more', async () => {
    const stack = await stackWith({ emulator: { unknownPartitionName: 'response' } });
    const { runner } = runnerFor(stack);
    const jobId = await seedJob(stack.imports.db, {
      leads: newLeads(400, 'refused.test'),
      user: stack.api.user,
      partitionName: 'Atlantis',
    });
    runner.start();
    const job = await finished(stack.imports.db, jobId);
    expect(job).toMatchObject({ state: 'failed', sent: 0, failed: 0, cancelled: 400 });
    expect(job.message).toMatch(/^The import stopped: Marketo refused it \(1003: /);
    expect(await syncCalls(stack)).toBe(1);
    expect(await chunks(stack.imports.db, jobId)).toEqual([]);
    const audit = await importAudit(stack);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      partitions: ['Atlantis'],
      outcome: 'failure',
      summary: `Import "leads.csv" failed: 400 rows will not be sent (into Atlantis). ${job.message}`,
    });
    // Marketo's requestId of the refused call, for a support ticket.
    expect(audit[0]?.requestIds).toHaveLength(1);
  });
});

describe('import runner and interactive use', () => {
  it('lets a queued interactive call overtake a waiting import chunk', async () => {
    // One call at a time, so both wait in the same queue.
    const stack = await stackWith({ client: { maxConcurrent: 1 } });
    const db = stack.imports.db;
    const { runner } = runnerFor(stack);
    await stack.marketo.getPartitions(); // token in hand: no identity call reorders the queue below
    const jobId = await seedJob(db, { leads: newLeads(5, 'overtake.test'), user: stack.api.user });
    await stack.control.setConfig({ latencyMs: 1000 });
    let busyDone = false;
    const busy = stack.marketo.getPartitions().then(() => (busyDone = true));
    runner.start();
    await waitFor('the chunk to queue', async () => (await chunks(db, jobId)).length > 0);
    await sleep(50);
    const interactive = stack.marketo.syncLeads({
      action: 'createOrUpdate',
      lookupField: 'email',
      input: [{ email: 'person@overtake.test', firstName: 'Interactive' }],
    });
    // Both were queued while the first call still held the only slot.
    expect(busyDone).toBe(false);
    await Promise.all([busy, interactive]);
    await finished(db, jobId);
    const leads = await leadsAt(stack, 'overtake.test');
    const interactiveId = leads.get('person@overtake.test')?.id ?? Infinity;
    const importIds = [...leads.values()]
      .filter((lead) => lead.firstName !== 'Interactive')
      .map((lead) => lead.id);
    expect(importIds).toHaveLength(5);
    // Ids grow with each write: the interactive lead was written first though it was queued last.
    expect(interactiveId).toBeLessThan(Math.min(...importIds));
  }, 30_000);

  it('starts a chunk only while the window keeps the reserved calls free', async () => {
    const stack = await stackWith({ client: { windowMs: 1000, callsPer20s: 20 } });
    const seen: number[] = [];
    const marketo = new Proxy(stack.marketo, {
      get(target, property, receiver) {
        if (property === 'syncLeadsTraced') {
          return (request: Parameters<MarketoApi['syncLeadsTraced']>[0]) => {
            seen.push(target.rateBudget().callsInWindow);
            return target.syncLeadsTraced(request);
          };
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const { runner } = runnerFor(stack, { marketo, reservedCalls: 16 });
    const jobId = await seedJob(stack.imports.db, {
      leads: newLeads(900, 'headroom.test'),
      user: stack.api.user,
    });
    // Interactive traffic fills the window beyond what the import may use.
    await Promise.all(Array.from({ length: 8 }, () => stack.marketo.getPartitions()));
    runner.start();
    await finished(stack.imports.db, jobId);
    expect(seen).toHaveLength(3);
    for (const calls of seen) expect(calls).toBeLessThanOrEqual(20 - 16);
  }, 30_000);
});
