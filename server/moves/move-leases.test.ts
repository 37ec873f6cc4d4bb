// Move chunk leases on one PostgreSQL shared by replicas, as import chunks have (server/imports/chunk-leases.test.ts):
// a chunk in flight at one replica is never settled by another while its lease holds, even when Marketo outlasts
// the lease; a lapsed one is settled by lookup, never sent again; and the stalled replica cannot store its answer
// over that settlement.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { sleep, testRunner } from '../imports/runner-test-support';
import { openConsoleDb } from '../store/database';
import { ChunkLeaseLost } from '../store/import-runs-repo';
import type { ConsoleDb } from '../store/kysely';
import { MovesRepo } from '../store/moves-repo';
import { startTestStack, type TestStack } from '../test-helpers';
import { sqlRows } from '../testing/console-sql';
import { testDatabaseUrl } from '../testing/test-database';
import { finishedMove, moveRows, partitionsOf, previewMove, seedLeads } from './test-support';

const MOVES_PATH = '/rest/v1/leads/partitions.json';
const CANADA = 3;

let emulator: RunningEmulator;
const stacks: TestStack[] = [];
const dbs: ConsoleDb[] = [];
const stops: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, dbFile: ':memory:', config: {} });
});
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});
afterAll(async () => {
  for (const stack of stacks) await stack.close();
  for (const db of dbs) await db.close();
  await emulator.close();
});

async function replica(databaseUrl: string, imports: { startRunner?: boolean; leaseMs?: number }) {
  const stack = await startTestStack({ databaseUrl, sharedEmulator: emulator, imports });
  stacks.push(stack);
  return stack;
}

async function movesCalls(stack: TestStack): Promise<number> {
  return (await stack.control.stats()).callsByPath[MOVES_PATH] ?? 0;
}

function chunksOf(db: ConsoleDb, jobId: string) {
  return sqlRows<{ chunk: number; state: string; rows: number; lease_owner: string | null }>(
    db,
    'SELECT chunk, state, rows, lease_owner FROM move_chunks WHERE job_id = ? ORDER BY chunk',
    jobId,
  );
}

function confirmedByLookup(db: ConsoleDb, jobId: string) {
  return sqlRows(
    db,
    `SELECT id FROM audit WHERE import_job_id = ? AND summary LIKE '%confirmed by lookup%'`,
    jobId,
  );
}

describe('move chunk leases on one PostgreSQL', () => {
  it('renews the lease while a call outlasts it, so the other replica never settles a move still in flight', async () => {
    const databaseUrl = await testDatabaseUrl();
    // Leases of 600 ms (renewed every 200 ms) against a Marketo that takes 2.5 s to answer each call.
    const one = await replica(databaseUrl, { leaseMs: 600 });
    const two = await replica(databaseUrl, { leaseMs: 600 });
    const ids = await seedLeads(one, 5, 'renewed.move.lease.test', 'Mexico');
    const job = await previewMove(one.api, { target: 'Canada', kind: 'id', text: ids.join('\n') });
    const callsBefore = await movesCalls(one);
    await one.control.setConfig({ latencyMs: 2_500 });
    try {
      const started = await one.api.inject({ method: 'POST', url: `/api/moves/${job.id}/start` });
      expect(started.statusCode, started.body).toBe(200);
      // The other replica looks for lapsed chunks throughout the call.
      const poke = setInterval(() => two.imports.runner.wake(), 50);
      stops.push(() => clearInterval(poke));
      const finished = await finishedMove(one.api, job.id);
      expect(finished.counts).toEqual({ moved: 5 });
      expect((await movesCalls(one)) - callsBefore).toBe(1);
      expect(await confirmedByLookup(one.imports.db, job.id)).toEqual([]);
      const [chunk] = await chunksOf(one.imports.db, job.id);
      expect([one.imports.runner.replicaId, two.imports.runner.replicaId]).toContain(chunk!.lease_owner);
    } finally {
      await one.control.setConfig({ latencyMs: 0 });
    }
  }, 60_000);

  it('leaves a move chunk leased to a live replica alone, settles it by lookup once the lease lapses', async () => {
    const databaseUrl = await testDatabaseUrl();
    const stack = await replica(databaseUrl, { startRunner: false });
    const ids = await seedLeads(stack, 5, 'lapse.move.lease.test', 'Mexico');

    let clockAhead = 0;
    const { runner } = testRunner(stack, { now: () => Date.now() + clockAhead, leaseMs: 5_000 });
    runner.start();
    stops.push(() => runner.stop());
    const poke = setInterval(() => runner.wake(), 20);
    stops.push(() => clearInterval(poke));
    const job = await previewMove(stack.api, { target: 'Canada', kind: 'id', text: ids.join('\n') });
    clearInterval(poke);

    // Replica A starts the move, claims its one chunk, sends it, and stalls before storing the answer.
    const poolA = await openConsoleDb({ postgresUrl: databaseUrl });
    dbs.push(poolA);
    const stalled = new MovesRepo(poolA, { owner: 'replica-a', ms: 60_000 });
    expect(await stalled.start(job.id, Date.now())).toBe(true);
    const claimed = await stalled.claimChunk(job.id, 300, Date.now());
    expect(claimed?.rows).toHaveLength(5);
    const callsBefore = await movesCalls(stack);
    await stack.marketo.updateLeadPartition(
      claimed!.rows.map((row) => ({ id: row.leadId!, partitionName: 'Canada' })),
    );

    // Two whole turns of replica B while A's lease holds: the chunk stays A's, unsettled.
    for (let turn = 0; turn < 2; turn++) {
      const before = runner.lastTurnAt();
      runner.wake();
      while (runner.lastTurnAt() === before) await sleep(10);
    }
    await sleep(100);
    expect(await chunksOf(stack.imports.db, job.id)).toMatchObject([
      { chunk: 1, state: 'sending', lease_owner: 'replica-a' },
    ]);

    // A minute on, A has not renewed: B settles the chunk by reading the leads back, without moving them again.
    clockAhead = 61_000;
    runner.wake();
    expect((await finishedMove(stack.api, job.id)).counts).toEqual({ moved: 5 });
    const [settled] = await chunksOf(stack.imports.db, job.id);
    expect(settled).toMatchObject({ state: 'done', rows: 5 });
    expect(settled!.lease_owner).not.toBe('replica-a');
    expect(await confirmedByLookup(stack.imports.db, job.id)).toHaveLength(1);
    expect((await movesCalls(stack)) - callsBefore).toBe(1);
    const partitions = await partitionsOf(stack);
    expect(ids.map((id) => partitions.get(id))).toEqual(ids.map(() => CANADA));

    // A wakes up with Marketo's answer: it may not store it over B's settlement, nor release the chunk's rows.
    const late = stalled.transaction(() =>
      stalled.storeAnswers(
        job.id,
        claimed!.chunk,
        claimed!.rows.map((row) => ({ row: row.row, status: 'failed' as const })),
        [],
        [],
        Date.now(),
      ),
    );
    await expect(late).rejects.toBeInstanceOf(ChunkLeaseLost);
    await stalled.releaseChunk(job.id, claimed!.chunk);
    expect((await moveRows(stack.api, job.id)).map((row) => row.status)).toEqual(ids.map(() => 'moved'));
    expect(await chunksOf(stack.imports.db, job.id)).toMatchObject([{ chunk: 1, state: 'done' }]);
  }, 60_000);
});
