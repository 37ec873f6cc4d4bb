// The promise of a stored bulk move, kept by a real proxy process: killed (SIGKILL) while a chunk is in flight and
// started again on the same database, it finishes the job with every lead moved once: the chunk in flight is
// settled by reading its leads back, and no chunk answered before the kill is sent again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../contract/activity';
import type { LeadWriteResponse } from '../contract/leads';
import { MOVE_CHUNK_SIZE, type MoveJob } from '../contract/moves';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { emulatorControl, type EmulatorControl } from '../emulator/test-helpers';
import { signInOverHttp, startProxyProcess, type ProxyProcess } from '../proxy-process';
import { sqliteBinding } from '../store/sqlite-binding';

const ADMIN = { email: 'move-restart.admin@example.com', password: 'move-restart-admin-password-1' };
const LEADS = 3000;

let emulator: RunningEmulator;
let control: EmulatorControl;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  control = emulatorControl(emulator.origin);
  dir = mkdtempSync(join(tmpdir(), 'move-restart-'));
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const startProxy = (dbFile: string): Promise<ProxyProcess> =>
  startProxyProcess({
    MARKETO_BASE_URL: emulator.origin,
    MARKETO_CLIENT_ID: emulator.clientId,
    MARKETO_CLIENT_SECRET: emulator.clientSecret,
    CONSOLE_DB_FILE: dbFile,
    CONSOLE_ADMIN_EMAIL: ADMIN.email,
    CONSOLE_ADMIN_PASSWORD: ADMIN.password,
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, everyMs: number) {
  const until = Date.now() + 40_000;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

function chunkStates(dbFile: string, jobId: string): { done: number; sending: number } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true, ...sqliteBinding() });
  try {
    const rows = db
      .prepare('SELECT state, COUNT(*) AS n FROM move_chunks WHERE job_id = ? GROUP BY state')
      .all(jobId) as { state: string; n: number }[];
    const count = (state: string) => rows.find((row) => row.state === state)?.n ?? 0;
    return { done: count('done'), sending: count('sending') };
  } finally {
    db.close();
  }
}

/** Every audit entry of the job, straight from the trail: how many times each lead was recorded moved. */
function movedPerLead(dbFile: string, jobId: string): { counts: Map<number, number>; confirmed: number } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true, ...sqliteBinding() });
  try {
    const entries = db.prepare('SELECT leads, summary FROM audit WHERE import_job_id = ?').all(jobId) as {
      leads: string;
      summary: string;
    }[];
    const counts = new Map<number, number>();
    for (const entry of entries) {
      for (const lead of JSON.parse(entry.leads) as ActivityEntry['leads']) {
        if (lead.status === 'updated' && lead.leadId !== undefined) {
          counts.set(lead.leadId, (counts.get(lead.leadId) ?? 0) + 1);
        }
      }
    }
    const confirmed = entries.filter((entry) => entry.summary.includes('confirmed by lookup')).length;
    return { counts, confirmed };
  } finally {
    db.close();
  }
}

async function call<T>(
  url: string,
  headers: Record<string, string>,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

describe('a bulk move across a proxy kill', () => {
  it('killed mid-chunk (SIGKILL), resumes on restart: every lead moved once, no answered chunk sent again', async () => {
    const dbFile = join(dir, 'killed.sqlite');
    let proxy = await startProxy(dbFile);
    const headers = await signInOverHttp(proxy.url, ADMIN);
    const ids: number[] = [];
    for (let start = 0; start < LEADS; start += 1000) {
      const leads = Array.from({ length: 1000 }, (_unused, n) => ({
        email: `lead-${start + n}@kill.move.test`,
      }));
      const written = await call<LeadWriteResponse>(proxy.url, headers, '/api/leads', {
        partitionName: 'Mexico',
        action: 'createOnly',
        leads,
      });
      ids.push(...written.results.map((result) => result.id!));
    }
    const preview = await call<MoveJob>(proxy.url, headers, '/api/moves', {
      target: 'Canada',
      kind: 'id',
      text: ids.join('\n'),
    });
    await waitFor(
      'the preview',
      async () => (await call<MoveJob>(proxy.url, headers, `/api/moves/${preview.id}`)).state === 'previewed',
      50,
    );
    // Each move takes a while, so the kill falls while one is in flight.
    await control.setConfig({ latencyMs: 150 });
    await call<MoveJob>(proxy.url, headers, `/api/moves/${preview.id}/start`, {});
    await waitFor(
      'a chunk in flight after three done',
      () => {
        const states = chunkStates(dbFile, preview.id);
        return states.done >= 3 && states.sending === 1;
      },
      2,
    );
    proxy.kill('SIGKILL');
    await proxy.exit;
    const atKill = chunkStates(dbFile, preview.id);
    expect(atKill.sending).toBe(1);
    const answeredAtKill = movedPerLead(dbFile, preview.id).counts;

    proxy = await startProxy(dbFile);
    try {
      await waitFor(
        'the move to complete',
        async () =>
          (await call<MoveJob>(proxy.url, headers, `/api/moves/${preview.id}`)).state === 'completed',
        100,
      );
      const done = await call<MoveJob>(proxy.url, headers, `/api/moves/${preview.id}`);
      expect(done.counts).toEqual({ moved: LEADS });
      const { counts, confirmed } = movedPerLead(dbFile, preview.id);
      // Each lead recorded moved exactly once: neither a chunk answered before the kill nor the one in flight
      // went out again (it was settled by reading its leads back).
      expect(ids.filter((id) => counts.get(id) !== 1)).toEqual([]);
      expect(answeredAtKill.size).toBe(atKill.done * MOVE_CHUNK_SIZE);
      expect(confirmed).toBe(1);
      const where = new Map((await control.leads()).map((lead) => [lead.id, lead.leadPartitionId]));
      expect(ids.filter((id) => where.get(id) !== 3)).toEqual([]);
    } finally {
      proxy.kill('SIGTERM');
      await proxy.exit;
      await control.setConfig({ latencyMs: 0 });
    }
  }, 90_000);
});
