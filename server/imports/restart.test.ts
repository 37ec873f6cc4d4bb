// The promise of a stored import, kept by a real proxy process: killed (SIGKILL) or stopped (SIGTERM) in the
// middle of a 5,000-row import and started again on the same database, it finishes the job with every good row
// in Marketo (the emulator, in this test process) exactly once, and no chunk sent twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IMPORT_CHUNK_SIZE, type ImportJob } from '../contract/imports';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { emulatorControl, type EmulatorControl } from '../emulator/test-helpers';
import { signInOverHttp, startProxyProcess, type ProxyProcess } from '../proxy-process';
import { sqliteBinding } from '../store/sqlite-binding';

const ADMIN = { email: 'restart.admin@example.com', password: 'restart-admin-password-1' };
const ROWS = 5000;
// Every 250th row has an email the check refuses: skipped before anything is sent.
const isBad = (i: number) => i % 250 === 124;
const GOOD = Array.from({ length: ROWS }, (_, i) => i).filter((i) => !isBad(i)).length;

let emulator: RunningEmulator;
let control: EmulatorControl;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  control = emulatorControl(emulator.origin);
  dir = mkdtempSync(join(tmpdir(), 'import-restart-'));
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await control.reset();
  // Each sync call takes a while, so the test can stop the proxy while one is in flight.
  await control.setConfig({ latencyMs: 150 });
});

async function startProxy(dbFile: string): Promise<ProxyProcess> {
  return startProxyProcess({
    MARKETO_BASE_URL: emulator.origin,
    MARKETO_CLIENT_ID: emulator.clientId,
    MARKETO_CLIENT_SECRET: emulator.clientSecret,
    CONSOLE_DB_FILE: dbFile,
    CONSOLE_ADMIN_EMAIL: ADMIN.email,
    CONSOLE_ADMIN_PASSWORD: ADMIN.password,
  });
}

async function signIn(url: string): Promise<Record<string, string>> {
  return signInOverHttp(url, ADMIN);
}

function csvFile(domain: string): string {
  const lines = ['email,firstName,lastName'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(`${isBad(i) ? `not-an-email-${i}` : `lead${i}@${domain}`},First${i},Restart`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Uploads the file and starts the import over HTTP, as the console page does. */
async function startImport(url: string, headers: Record<string, string>, domain: string): Promise<string> {
  const upload = await fetch(`${url}/api/imports/files?name=restart.csv`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv' },
    body: csvFile(domain),
  });
  expect(upload.status).toBe(201);
  const file = (await upload.json()) as { id: string; rowCount: number };
  expect(file.rowCount).toBe(ROWS);
  const start = await fetch(`${url}/api/imports`, {
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
  return ((await start.json()) as ImportJob).id;
}

async function job(url: string, headers: Record<string, string>, id: string): Promise<ImportJob> {
  const response = await fetch(`${url}/api/imports/${id}`, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as ImportJob;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every `everyMs` (the database closely, the proxy's API gently: it is busy importing). */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>, everyMs: number) {
  const until = Date.now() + 40_000;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The console database as the proxy left it, read beside it (WAL lets a reader in while it writes). */
function chunkStates(dbFile: string, jobId: string): { done: number; sending: number } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true, ...sqliteBinding() });
  try {
    const rows = db
      .prepare('SELECT state, COUNT(*) AS n FROM import_chunks WHERE job_id = ? GROUP BY state')
      .all(jobId) as { state: string; n: number }[];
    const count = (state: string) => rows.find((row) => row.state === state)?.n ?? 0;
    return { done: count('done'), sending: count('sending') };
  } finally {
    db.close();
  }
}

function reconciledChunks(dbFile: string): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true, ...sqliteBinding() });
  try {
    return (
      db
        .prepare(
          "SELECT COUNT(*) AS n FROM audit WHERE action = 'import' AND summary LIKE '%confirmed by lookup%'",
        )
        .get() as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

/** Every good row's lead exactly once in the emulator. */
async function expectEveryGoodRowOnce(domain: string): Promise<void> {
  const emails = (await control.leads())
    .map((lead) => String(lead.email ?? '').toLowerCase())
    .filter((email) => email.endsWith(`@${domain}`));
  expect(new Set(emails).size).toBe(emails.length);
  expect(emails.length).toBe(GOOD);
}

function expectCountsAddUp(finished: ImportJob): void {
  const { counts } = finished;
  expect(finished.state).toBe('completed');
  expect(counts).toMatchObject({ total: ROWS, updated: 0, skipped: ROWS - GOOD, failed: 0 });
  // Rows of a chunk settled by lookup after a kill are `written`: created or updated, the console cannot tell.
  expect(counts.created + counts.written).toBe(GOOD);
  expect(counts.sent).toBe(GOOD);
  expect(
    counts.created + counts.updated + counts.written + counts.skipped + counts.failed + counts.cancelled,
  ).toBe(counts.total);
}

/** Rows the lookup after a kill settled: each says it cannot tell created from updated. */
async function writtenRows(url: string, headers: Record<string, string>, id: string) {
  const response = await fetch(`${url}/api/imports/${id}/results?status=written&limit=500`, { headers });
  expect(response.status).toBe(200);
  return ((await response.json()) as { rows: { reason?: { code: string } }[] }).rows;
}

/** Lead-database calls the emulator answered on leads.json: the sync calls plus one read per reconciled chunk. */
async function syncCalls(dbFile: string): Promise<number> {
  const stats = await control.stats();
  return (stats.callsByPath['/rest/v1/leads.json'] ?? 0) - reconciledChunks(dbFile);
}

describe('an import across proxy restarts', () => {
  it('killed mid-chunk (SIGKILL), the proxy resumes on restart: every good row once, no chunk sent twice', async () => {
    const dbFile = join(dir, 'killed.sqlite');
    const domain = 'killed.restart.test';
    let proxy = await startProxy(dbFile);
    const headers = await signIn(proxy.url);
    const id = await startImport(proxy.url, headers, domain);
    // Once some chunks are done, kill it while the next one is in flight.
    await waitFor(
      'a chunk in flight after five done',
      () => {
        const states = chunkStates(dbFile, id);
        return states.done >= 5 && states.sending === 1;
      },
      2,
    );
    proxy.kill('SIGKILL');
    await proxy.exit;
    const atKill = chunkStates(dbFile, id);
    expect(atKill.sending).toBe(1);
    expect(atKill.done).toBeLessThan(Math.ceil(GOOD / IMPORT_CHUNK_SIZE));

    proxy = await startProxy(dbFile);
    try {
      // The session lives in the database too: the same browser carries on.
      await waitFor(
        'the job to complete',
        async () => (await job(proxy.url, headers, id)).state !== 'running',
        100,
      );
      const finished = await job(proxy.url, headers, id);
      expectCountsAddUp(finished);
      // The chunk in flight at the kill had either reached Marketo (its rows `written`) or not (sent again).
      const written = await writtenRows(proxy.url, headers, id);
      expect(written).toHaveLength(finished.counts.written);
      expect(finished.counts.written).toBeLessThanOrEqual(IMPORT_CHUNK_SIZE);
      expect(written.every((row) => row.reason?.code === 'created_or_updated')).toBe(true);
      await expectEveryGoodRowOnce(domain);
      expect(reconciledChunks(dbFile)).toBe(1);
      expect(await syncCalls(dbFile)).toBeLessThanOrEqual(Math.ceil(GOOD / IMPORT_CHUNK_SIZE) + 1);
    } finally {
      proxy.kill('SIGTERM');
      await proxy.exit;
    }
  }, 60_000);

  it('stopped with SIGTERM mid-chunk, the proxy stores that chunk first: nothing to reconcile on restart', async () => {
    const dbFile = join(dir, 'stopped.sqlite');
    const domain = 'stopped.restart.test';
    let proxy = await startProxy(dbFile);
    const headers = await signIn(proxy.url);
    const id = await startImport(proxy.url, headers, domain);
    await waitFor(
      'a chunk in flight after three done',
      () => {
        const states = chunkStates(dbFile, id);
        return states.done >= 3 && states.sending === 1;
      },
      2,
    );
    proxy.kill('SIGTERM');
    expect(await proxy.exit).toBe(0);
    const atStop = chunkStates(dbFile, id);
    expect(atStop.sending).toBe(0);
    expect(atStop.done).toBeGreaterThanOrEqual(4);
    expect(atStop.done).toBeLessThan(Math.ceil(GOOD / IMPORT_CHUNK_SIZE));

    proxy = await startProxy(dbFile);
    try {
      await waitFor(
        'the job to complete',
        async () => (await job(proxy.url, headers, id)).state !== 'running',
        100,
      );
      const finished = await job(proxy.url, headers, id);
      expectCountsAddUp(finished);
      // Stopped cleanly, every answer was Marketo's own: nothing is left unknown.
      expect(finished.counts.written).toBe(0);
      await expectEveryGoodRowOnce(domain);
      expect(reconciledChunks(dbFile)).toBe(0);
      expect(await syncCalls(dbFile)).toBe(Math.ceil(GOOD / IMPORT_CHUNK_SIZE));
    } finally {
      proxy.kill('SIGTERM');
      await proxy.exit;
    }
  }, 60_000);
});
