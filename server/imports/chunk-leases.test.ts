// Chunk leases on one PostgreSQL shared by replicas (README.md "Several replicas"): runners claiming from one job at
// once never take the same row, a chunk leased to a live replica is left alone, a lapsed one is settled by lookup,
// and the replica that lost its lease cannot store its answer over the settlement. A replica starting up leaves alone
// a job another live replica is still writing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportFile, ImportJob } from '../contract/imports';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { openConsoleDb } from '../store/database';
import { ChunkLeaseLost, ImportRunsRepo, type ClaimedChunk } from '../store/import-runs-repo';
import type { ConsoleDb } from '../store/kysely';
import { startTestStack, type TestStack } from '../test-helpers';
import { ImportsRepo } from '../store/imports-repo';
import { sqlRows, sqlRun } from '../testing/console-sql';
import { testDatabaseUrl } from '../testing/test-database';
import { leadsAt, sleep, testRunner } from './runner-test-support';
import type { ImportRunner } from './runner';

let emulator: RunningEmulator;
const stacks: TestStack[] = [];
const runners: ImportRunner[] = [];
const dbs: ConsoleDb[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, dbFile: ':memory:', config: {} });
});

afterAll(async () => {
  for (const runner of runners) await runner.stop();
  for (const stack of stacks) await stack.close();
  for (const db of dbs) await db.close();
  await emulator.close();
});

/** A replica's stack on `databaseUrl` and the shared emulator; its runner idle unless `startRunner`. */
async function replica(databaseUrl: string, startRunner = false): Promise<TestStack> {
  const stack = await startTestStack({ databaseUrl, sharedEmulator: emulator, imports: { startRunner } });
  stacks.push(stack);
  return stack;
}

/** Another pool on the same database, as another replica process has. */
async function pool(databaseUrl: string): Promise<ConsoleDb> {
  const db = await openConsoleDb({ postgresUrl: databaseUrl });
  dbs.push(db);
  return db;
}

function csv(rows: number, domain: string): string {
  const lines = ['email,firstName'];
  for (let i = 0; i < rows; i++) lines.push(`lead${i}@${domain},First${i}`);
  return `${lines.join('\n')}\n`;
}

async function startImport(stack: TestStack, rows: number, domain: string): Promise<string> {
  const upload = await stack.api.inject({
    method: 'POST',
    url: `/api/imports/files?name=${domain}.csv`,
    headers: { 'content-type': 'text/csv' },
    payload: csv(rows, domain),
  });
  expect(upload.statusCode, upload.body).toBe(201);
  const started = await stack.api.inject({
    method: 'POST',
    url: '/api/imports',
    payload: {
      fileId: upload.json<ImportFile>().id,
      partitionName: 'Default',
      action: 'createOrUpdate',
      lookupField: 'email',
      mapping: ['email', 'firstName'],
    },
  });
  expect(started.statusCode, started.body).toBe(201);
  return started.json<ImportJob>().id;
}

async function finished(stack: TestStack, id: string): Promise<ImportJob> {
  const until = Date.now() + 60_000;
  for (;;) {
    const job = (await stack.api.inject(`/api/imports/${id}`)).json<ImportJob>();
    if (job.state !== 'running' && job.state !== 'cancelling') return job;
    if (Date.now() > until) throw new Error(`import ${id} still ${job.state}`);
    await sleep(50);
  }
}

interface ChunkRecord {
  chunk: number;
  state: string;
  rows: number;
  lease_owner: string | null;
}

const chunksOf = (db: ConsoleDb, jobId: string) =>
  sqlRows<ChunkRecord>(
    db,
    'SELECT chunk, state, rows, lease_owner FROM import_chunks WHERE job_id = ? ORDER BY chunk',
    jobId,
  );

describe('chunk leases on one PostgreSQL', () => {
  it('two replicas claiming from one job at once never take the same row or chunk number', async () => {
    // Each test on a database of its own: chunks one leaves `sending` are no other test's business.
    const databaseUrl = await testDatabaseUrl();
    const stack = await replica(databaseUrl);
    const rows = 3000;
    const jobId = await startImport(stack, rows, 'claims.lease.test');
    const claimers = [
      new ImportRunsRepo(await pool(databaseUrl)),
      new ImportRunsRepo(await pool(databaseUrl)),
    ];
    // Each keeps all but the last 7 rows it read, so rows it locked and left go back to the other.
    const claimAll = async (repo: ImportRunsRepo) => {
      const claimed: ClaimedChunk[] = [];
      for (;;) {
        const chunk = await repo.claimChunk(jobId, 100, (free) => free.length - 7, Date.now());
        if (!chunk) return claimed;
        claimed.push(chunk);
      }
    };
    const [first, second] = await Promise.all(claimers.map(claimAll));

    const all = [...first!, ...second!];
    const claimedRows = all.flatMap((chunk) => chunk.rows.map((row) => row.row));
    expect(new Set(claimedRows).size).toBe(claimedRows.length);
    expect(claimedRows).toHaveLength(rows);
    expect(new Set(all.map((chunk) => chunk.chunk)).size).toBe(all.length);
    // Both took part, each chunk is recorded as its claimer took it, and every row carries its chunk's number.
    expect(first!.length).toBeGreaterThan(0);
    expect(second!.length).toBeGreaterThan(0);
    const recorded = await chunksOf(stack.imports.db, jobId);
    const byNumber = new Map(recorded.map((chunk) => [chunk.chunk, chunk]));
    claimers.forEach((repo, index) => {
      for (const chunk of [first!, second!][index]!) {
        expect(byNumber.get(chunk.chunk)).toMatchObject({
          state: 'sending',
          rows: chunk.rows.length,
          lease_owner: repo.lease.owner,
        });
      }
    });
    const marks = await sqlRows<{ row: number; chunk: number }>(
      stack.imports.db,
      'SELECT row, chunk FROM import_results WHERE job_id = ?',
      jobId,
    );
    const chunkOfRow = new Map(all.flatMap((chunk) => chunk.rows.map((row) => [row.row, chunk.chunk])));
    expect(marks.every((mark) => chunkOfRow.get(mark.row) === mark.chunk)).toBe(true);
  });

  it('two replicas run one job together: every lead once, every chunk sent by exactly one of them', async () => {
    const databaseUrl = await testDatabaseUrl();
    const [one, two] = [await replica(databaseUrl, true), await replica(databaseUrl, true)];
    const callsBefore = (await one.control.stats()).callsByPath['/rest/v1/leads.json'] ?? 0;
    const jobId = await startImport(one, 3000, 'together.lease.test');
    one.imports.runner.wake();
    two.imports.runner.wake();
    const job = await finished(two, jobId);

    expect(job.state).toBe('completed');
    expect(job.counts).toMatchObject({ total: 3000, created: 3000, sent: 3000, failed: 0 });
    expect((await leadsAt(one, 'together.lease.test')).size).toBe(3000);
    const chunks = await chunksOf(one.imports.db, jobId);
    expect(chunks.every((chunk) => chunk.state === 'done')).toBe(true);
    // One sync call per chunk: none went out twice.
    const calls = ((await one.control.stats()).callsByPath['/rest/v1/leads.json'] ?? 0) - callsBefore;
    expect(calls).toBe(chunks.length);
    expect(new Set(chunks.map((chunk) => chunk.lease_owner)).size).toBe(2);
  }, 90_000);

  it('renews the lease while a call outlasts it, so the other replica never settles a chunk still in flight', async () => {
    const databaseUrl = await testDatabaseUrl();
    // Leases of 600 ms (renewed every 200 ms) against a Marketo that takes 2.5 s to answer each call.
    const leased = () =>
      startTestStack({ databaseUrl, sharedEmulator: emulator, imports: { leaseMs: 600 } }).then((stack) => {
        stacks.push(stack);
        return stack;
      });
    const [one, two] = [await leased(), await leased()];
    await one.control.setConfig({ latencyMs: 2_500 });
    try {
      const callsBefore = (await one.control.stats()).callsByPath['/rest/v1/leads.json'] ?? 0;
      const jobId = await startImport(one, 5, 'renewed.lease.test');
      two.imports.runner.wake();
      const job = await finished(one, jobId);
      // Answered by Marketo itself, never confirmed by a lookup: one call in all.
      expect(job.counts).toMatchObject({ total: 5, created: 5, written: 0, sent: 5 });
      expect((await one.control.stats()).callsByPath['/rest/v1/leads.json'] ?? 0).toBe(callsBefore + 1);
      const [chunk] = await chunksOf(one.imports.db, jobId);
      expect([one.imports.runner.replicaId, two.imports.runner.replicaId]).toContain(chunk!.lease_owner);
      const confirmed = await sqlRows(
        one.imports.db,
        `SELECT id FROM audit WHERE import_job_id = ? AND summary LIKE '%confirmed by lookup%'`,
        jobId,
      );
      expect(confirmed).toEqual([]);
    } finally {
      await one.control.setConfig({ latencyMs: 0 });
    }
  }, 60_000);

  it('leaves a chunk leased to a live replica alone, settles it by lookup once the lease lapses', async () => {
    const databaseUrl = await testDatabaseUrl();
    const stack = await replica(databaseUrl);
    const jobId = await startImport(stack, 5, 'lapse.lease.test');
    // Replica A claims the job's one chunk, sends it, and stalls before storing the answer.
    const stalled = new ImportRunsRepo(await pool(databaseUrl), { owner: 'replica-a', ms: 60_000 });
    const claimed = await stalled.claimChunk(jobId, 300, (free) => free.length, Date.now());
    await stack.marketo.syncLeads({
      action: 'createOrUpdate',
      lookupField: 'email',
      partitionName: 'Default',
      input: claimed!.rows.map((row) => row.fields),
    });

    let clockAhead = 0;
    const { runner } = testRunner(stack, { now: () => Date.now() + clockAhead, leaseMs: 5_000 });
    runners.push(runner);
    runner.start();
    // Two whole turns of replica B while A's lease holds: the chunk stays A's, unsettled.
    for (let turn = 0; turn < 2; turn++) {
      const before = runner.lastTurnAt();
      runner.wake();
      while (runner.lastTurnAt() === before) await sleep(10);
    }
    await sleep(100);
    expect(await chunksOf(stack.imports.db, jobId)).toMatchObject([
      { chunk: 1, state: 'sending', lease_owner: 'replica-a' },
    ]);

    // A minute on, A has not renewed: B settles the chunk by lookup, without sending it again.
    const syncCalls = async () => (await stack.control.stats()).callsByPath['/rest/v1/leads.json'] ?? 0;
    const callsBefore = await syncCalls();
    clockAhead = 61_000;
    runner.wake();
    const job = await finished(stack, jobId);
    expect(job.counts).toMatchObject({ total: 5, written: 5, sent: 5, created: 0 });
    const [settled] = await chunksOf(stack.imports.db, jobId);
    expect(settled).toMatchObject({ state: 'done', rows: 5 });
    expect(settled!.lease_owner).not.toBe('replica-a');
    // The lookup read leads.json once; nothing was synced again.
    expect((await syncCalls()) - callsBefore).toBe(1);
    expect((await leadsAt(stack, 'lapse.lease.test')).size).toBe(5);

    // A wakes up with Marketo's answer: it may not store it over B's settlement.
    const late = stalled.transaction(() =>
      stalled.storeAnswers(
        jobId,
        1,
        claimed!.rows.map((row) => ({ row: row.row, status: 'created' as const, leadId: 1 })),
        [],
        Date.now(),
        [],
        5,
      ),
    );
    await expect(late).rejects.toBeInstanceOf(ChunkLeaseLost);
    expect((await finished(stack, jobId)).counts).toMatchObject({ written: 5, created: 0, sent: 5 });
  }, 60_000);

  it('removes at start-up a half-started job whose replica is gone, never one a live replica is writing', async () => {
    const databaseUrl = await testDatabaseUrl();
    const stack = await replica(databaseUrl);
    const upload = await stack.api.inject({
      method: 'POST',
      url: '/api/imports/files?name=half.csv',
      headers: { 'content-type': 'text/csv' },
      payload: csv(3, 'half.lease.test'),
    });
    const fileId = upload.json<ImportFile>().id;
    const imports = new ImportsRepo(stack.imports.db);
    const halfStarted = (id: string, startedBy: string) =>
      imports.beginJob({
        id,
        fileId,
        user: { id: stack.api.user.id, email: stack.api.user.email },
        partitionName: 'Default',
        action: 'createOrUpdate',
        lookupField: 'email',
        mapping: ['email', 'firstName'],
        createdAtMs: Date.now(),
        startedBy,
      });
    // Replica W is alive (its heartbeat is fresh) and writing one job; the replica that began the other is gone.
    await sqlRun(
      stack.imports.db,
      `INSERT INTO console_replicas (id, host, pid, started_at_ms, beat_at_ms, shares_redis)
       VALUES ('replica-w', 'elsewhere', 4242, ?, ?, true)`,
      Date.now(),
      Date.now(),
    );
    await halfStarted('00000000-0000-4000-8000-00000000000a', 'replica-w');
    await halfStarted('00000000-0000-4000-8000-00000000000b', 'replica-gone');

    stack.imports.runner.start();
    while (stack.imports.runner.lastTurnAt() === undefined) await sleep(10);
    const left = await sqlRows<{ id: string }>(stack.imports.db, 'SELECT id FROM import_jobs ORDER BY id');
    expect(left.map((job) => job.id)).toEqual(['00000000-0000-4000-8000-00000000000a']);
  });
});
