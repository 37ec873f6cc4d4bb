// Three replicas on one PostgreSQL, one Redis and one emulator, as a team runs them behind a load balancer:
// replica 1 is a real proxy process (so it can be killed), replicas 2 and 3 run in this process. A session made on
// replica 1 works on the others and a sign-out on 2 ends it everywhere; a 20,000-row import started on replica 1
// survives replica 1's SIGKILL mid-chunk: the others settle its chunk by lookup once its lease lapses and finish the
// job, every row in Marketo exactly once with its own status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportFile, ImportJob } from '../contract/imports';
import { IMPORT_CHUNK_SIZE } from '../contract/imports';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { emulatorControl, type EmulatorControl } from '../emulator/test-helpers';
import type { MarketoCoordination } from '../marketo/coordination';
import { startRedisCoordination } from '../marketo/shared/redis-coordination';
import { signInOverHttp, startProxyProcess, type ProxyProcess } from '../proxy-process';
import { startTestStack, type TestStack } from '../test-helpers';
import { sqlRows, sqlValue } from '../testing/console-sql';
import { startTestRedis, type TestRedis } from '../testing/redis-server';
import { testDatabaseUrl } from '../testing/test-database';

const ADMIN = { email: 'cluster.admin@example.com', password: 'cluster-admin-password-1' };
/** Marketo's whole-instance budget, shared by the three through Redis. */
const CALLS_PER_20S = 100;
/** Short, so the survivors take over the killed replica's chunk within seconds. */
const LEASE_SECONDS = 2;
const ROWS = 20_000;
// Every 250th row has an email the check refuses: skipped before anything is sent.
const isBad = (i: number) => i % 250 === 124;
const GOOD = Array.from({ length: ROWS }, (_, i) => i).filter((i) => !isBad(i)).length;
const DOMAIN = 'cluster.kill.test';

let redis: TestRedis;
let emulator: RunningEmulator;
let control: EmulatorControl;
let first: ProxyProcess;
const coordinations: MarketoCoordination[] = [];
const others: TestStack[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  const databaseUrl = await testDatabaseUrl();
  // Each sync takes a while, so the kill can land while one of replica 1's chunks is in flight.
  emulator = await startEmulator({ port: 0, dbFile: ':memory:', config: { latencyMs: 100 } });
  control = emulatorControl(emulator.origin);
  first = await startProxyProcess({
    MARKETO_BASE_URL: emulator.origin,
    MARKETO_CLIENT_ID: emulator.clientId,
    MARKETO_CLIENT_SECRET: emulator.clientSecret,
    MARKETO_CALLS_PER_20S: String(CALLS_PER_20S),
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    CONSOLE_ADMIN_EMAIL: ADMIN.email,
    CONSOLE_ADMIN_PASSWORD: ADMIN.password,
    IMPORT_LEASE_SECONDS: String(LEASE_SECONDS),
  });
  for (let i = 0; i < 2; i++) {
    const coordination = await startRedisCoordination({ url: redis.url, prefix: redis.prefix });
    coordinations.push(coordination);
    others.push(
      await startTestStack({
        databaseUrl,
        sharedEmulator: emulator,
        client: { coordination, callsPer20s: CALLS_PER_20S, deadlineMs: 90_000 },
        redis: coordination.redis,
        imports: { leaseMs: LEASE_SECONDS * 1000 },
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  first?.kill('SIGKILL');
  await first?.exit;
  for (const stack of others) await stack.close();
  for (const coordination of coordinations) await coordination.close();
  await emulator?.close();
  await redis?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => Promise<boolean>, everyMs: number, withinMs: number) {
  const until = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

function csvFile(): string {
  const lines = ['email,firstName,lastName'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(`${isBad(i) ? `not-an-email-${i}` : `lead${i}@${DOMAIN}`},First${i},Cluster`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('three replicas on one PostgreSQL, one Redis and one emulator', () => {
  it('share a session: made on replica 1, used on 2 and 3, ended everywhere by a sign-out on 2', async () => {
    const headers = await signInOverHttp(first.url, ADMIN);
    const [two, three] = others as [TestStack, TestStack];
    const onStack = async (stack: TestStack) =>
      (await stack.app.inject({ url: '/api/session', headers })).statusCode;
    const onFirst = async () => (await fetch(`${first.url}/api/session`, { headers })).status;
    expect([await onFirst(), await onStack(two), await onStack(three)]).toEqual([200, 200, 200]);
    const signOut = await two.app.inject({ method: 'DELETE', url: '/api/session', headers });
    expect(signOut.statusCode).toBe(204);
    expect([await onFirst(), await onStack(two), await onStack(three)]).toEqual([401, 401, 401]);
  });

  it('finishes a 20,000-row import after replica 1 is killed mid-chunk: every row once, each with its status', async () => {
    const headers = await signInOverHttp(first.url, ADMIN);
    const upload = await fetch(`${first.url}/api/imports/files?name=cluster.csv`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: csvFile(),
    });
    expect(upload.status).toBe(201);
    const file = (await upload.json()) as ImportFile;
    const start = await fetch(`${first.url}/api/imports`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        fileId: file.id,
        partitionName: 'Default',
        action: 'createOrUpdate',
        lookupField: 'email',
        mapping: ['email', 'firstName', 'lastName'],
      }),
    });
    expect(start.status).toBe(201);
    const jobId = ((await start.json()) as ImportJob).id;
    const db = others[0]!.imports.db;
    for (const stack of others) stack.imports.runner.wake();

    // Replica 1's id, from its heartbeat; then the moment one of its chunks is in flight, after a few are done.
    const firstId = await sqlValue<string>(db, 'SELECT id FROM console_replicas WHERE pid = ?', first.pid);
    expect(firstId).toBeDefined();
    const inFlightOnFirst = () =>
      sqlValue<number>(
        db,
        `SELECT COUNT(*) FROM import_chunks WHERE job_id = ? AND state = 'sending' AND lease_owner = ?`,
        jobId,
        firstId,
      );
    const doneChunks = () =>
      sqlValue<number>(db, `SELECT COUNT(*) FROM import_chunks WHERE job_id = ? AND state = 'done'`, jobId);
    await waitFor(
      "one of replica 1's chunks in flight after five are done",
      async () => (await doneChunks())! >= 5 && (await inFlightOnFirst()) === 1,
      2,
      60_000,
    );
    first.kill('SIGKILL');
    await first.exit;
    expect(await inFlightOnFirst()).toBe(1);
    const [killed] = await sqlRows<{ chunk: number }>(
      db,
      `SELECT chunk FROM import_chunks WHERE job_id = ? AND state = 'sending' AND lease_owner = ?`,
      jobId,
      firstId,
    );

    const jobOn = async (stack: TestStack) =>
      (await stack.api.inject(`/api/imports/${jobId}`)).json<ImportJob>();
    await waitFor(
      'the job to complete',
      async () => (await jobOn(others[1]!)).state !== 'running',
      200,
      150_000,
    );
    const finished = await jobOn(others[1]!);
    expect(finished.state).toBe('completed');
    expect(finished.counts).toMatchObject({
      total: ROWS,
      sent: GOOD,
      updated: 0,
      skipped: ROWS - GOOD,
      failed: 0,
    });
    expect(finished.counts.created + finished.counts.written).toBe(GOOD);
    // Only the killed chunk's rows, settled by lookup, may be `written` (created or updated, it cannot tell).
    expect(finished.counts.written).toBeLessThanOrEqual(IMPORT_CHUNK_SIZE);

    // The killed chunk was settled by a survivor; every chunk is done.
    const chunks = await sqlRows<{ chunk: number; state: string; lease_owner: string }>(
      db,
      'SELECT chunk, state, lease_owner FROM import_chunks WHERE job_id = ?',
      jobId,
    );
    expect(chunks.every((chunk) => chunk.state === 'done')).toBe(true);
    const settledBy = chunks.find((chunk) => chunk.chunk === killed!.chunk)!.lease_owner;
    expect(settledBy).not.toBe(firstId);
    const confirmed = await sqlValue<number>(
      db,
      `SELECT COUNT(*) FROM audit WHERE import_job_id = ? AND summary LIKE ?`,
      jobId,
      `% chunk ${killed!.chunk}: %confirmed by lookup after a restart%`,
    );
    expect(confirmed).toBe(1);

    // Every good row's lead exactly once in Marketo, and each row's stored answer names that lead.
    const leads = (await control.leads()).filter((lead) =>
      String(lead.email ?? '')
        .toLowerCase()
        .endsWith(`@${DOMAIN}`),
    );
    const idByEmail = new Map(leads.map((lead) => [String(lead.email).toLowerCase(), lead.id]));
    expect(idByEmail.size).toBe(leads.length);
    expect(leads).toHaveLength(GOOD);
    const results = await sqlRows<{
      row: number;
      status: string;
      lead_id: number | null;
      reason_code: string | null;
    }>(
      db,
      'SELECT row, status, lead_id, reason_code FROM import_results WHERE job_id = ? ORDER BY row',
      jobId,
    );
    expect(results).toHaveLength(ROWS);
    const wrong = results.filter((result) => {
      // Spreadsheet row 2 is the first data row.
      const i = result.row - 2;
      if (isBad(i)) return result.status !== 'skipped' || result.lead_id !== null;
      const leadId = idByEmail.get(`lead${i}@${DOMAIN}`);
      if (result.lead_id !== leadId) return true;
      if (result.status === 'written') return result.reason_code !== 'created_or_updated';
      return result.status !== 'created';
    });
    expect(wrong).toEqual([]);

    // No chunk went out twice: one sync per chunk, plus the lookup that settled the killed one (whose own call
    // may or may not have left replica 1 before the kill).
    const leadCalls = (await control.stats()).callsByPath['/rest/v1/leads.json'] ?? 0;
    expect(leadCalls).toBeGreaterThanOrEqual(chunks.length);
    expect(leadCalls).toBeLessThanOrEqual(chunks.length + 1);
  }, 240_000);
});
