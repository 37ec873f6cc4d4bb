// Retention through the whole stack: a real import sent to the emulator, then the clock moved past the import's
// and then the audit trail's days. What the sweep deletes is gone for the API too; a running job stays; the
// sweep is recorded in Activity; a sweep stopped for shutdown records what it did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPage } from '../contract/activity';
import type { ImportFile, ImportJob } from '../contract/imports';
import { setImmediate } from 'node:timers/promises';
import { sqlRows, sqlRun, sqlValue } from '../testing/console-sql';
import { startTestStack, type TestStack } from '../test-helpers';
import { ConsoleAuditRepo, type NewAuditEntry } from './audit-repo';
import { openConsoleDb } from './database';
import { ImportsRepo } from './imports-repo';
import { MovesRepo } from './moves-repo';
import { RETENTION_ACTOR, sweepRetention, type RetentionPolicy } from './retention-sweep';

const DAY_MS = 24 * 3600_000;
const POLICY: RetentionPolicy = { importDays: 90, auditDays: 365 };
const ROWS = 600;

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ imports: { reservedCalls: 0 } });
});
afterAll(async () => {
  await stack.close();
});

async function startImport(prefix: string): Promise<ImportJob> {
  const lines = ['Email,First Name'];
  for (let row = 0; row < ROWS; row += 1) lines.push(`${prefix}-${row}@example.mx,Lead ${row}`);
  const file = (
    await stack.api.inject({
      method: 'POST',
      url: `/api/imports/files?name=${prefix}.csv`,
      headers: { 'content-type': 'text/csv' },
      payload: lines.join('\n'),
    })
  ).json<ImportFile>();
  const started = await stack.api.inject({
    method: 'POST',
    url: '/api/imports',
    payload: { fileId: file.id, partitionName: 'Mexico', mapping: ['email', 'firstName'] },
  });
  expect(started.statusCode).toBe(201);
  return started.json<ImportJob>();
}

async function finished(id: string): Promise<ImportJob> {
  // Bounded by the test's timeout, not by a timed assertion.
  for (;;) {
    const job = (await stack.api.inject(`/api/imports/${id}`)).json<ImportJob>();
    if (job.state !== 'running' && job.state !== 'cancelling') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function storedRows(jobId: string, fileId: string) {
  const count = async (sql: string, id: string) => Number(await sqlValue(stack.imports.db, sql, id));
  return {
    results: await count('SELECT count(*) FROM import_results WHERE job_id = ?', jobId),
    chunks: await count('SELECT count(*) FROM import_chunks WHERE job_id = ?', jobId),
    jobs: await count('SELECT count(*) FROM import_jobs WHERE id = ?', jobId),
    fileRows: await count('SELECT count(*) FROM import_file_rows WHERE file_id = ?', fileId),
    files: await count('SELECT count(*) FROM import_files WHERE id = ?', fileId),
  };
}

const fileOf = async (jobId: string) =>
  (await sqlValue<string>(stack.imports.db, 'SELECT file_id FROM import_jobs WHERE id = ?', jobId))!;

/** An admin signed in now: moving the clock by days ends every earlier session. */
const admin = () => stack.signIn({ role: 'admin', partitions: 'all' });

async function sweepEntries() {
  const response = await (await admin()).inject('/api/activity?action=retention.sweep');
  expect(response.statusCode).toBe(200);
  return response.json<ActivityPage>().entries;
}

const sweep = () =>
  sweepRetention({ db: stack.imports.db, audit: stack.access.audit, now: stack.access.now, policy: POLICY });

describe('the retention sweep', () => {
  it('deletes a finished import past its days with everything it stored, never a running one, and records it', async () => {
    const done = await finished((await startImport('kept-then-swept')).id);
    expect(done.state).toBe('completed');
    await stack.imports.runner.stop();
    const running = await startImport('still-running');
    const doneFile = await fileOf(done.id);
    const runningFile = await fileOf(running.id);
    expect(await storedRows(done.id, doneFile)).toMatchObject({
      results: ROWS,
      jobs: 1,
      fileRows: ROWS,
      files: 1,
    });
    expect((await storedRows(done.id, doneFile)).chunks).toBeGreaterThan(0);

    stack.advanceClock(89 * DAY_MS);
    expect(await sweep()).toEqual({ importJobs: 0, moveJobs: 0, auditEntries: 0, auditEntryId: null });
    expect(await sweepEntries()).toEqual([]);

    stack.advanceClock(2 * DAY_MS);
    const sweeping = sweep();
    // Once the first page is gone and the sweep waits for its next turn, the job already reads as gone, not half.
    while ((await storedRows(done.id, doneFile)).results === ROWS) await setImmediate();
    expect((await storedRows(done.id, doneFile)).results).toBeGreaterThan(0);
    expect((await storedRows(done.id, doneFile)).results).toBeLessThan(ROWS);
    expect(await new ImportsRepo(stack.imports.db).job(done.id)).toBeUndefined();
    const outcome = await sweeping;
    expect(outcome).toMatchObject({ importJobs: 1, auditEntries: 0 });

    expect(await storedRows(done.id, doneFile)).toEqual({
      results: 0,
      chunks: 0,
      jobs: 0,
      fileRows: 0,
      files: 0,
    });
    const reader = await admin();
    expect((await reader.inject(`/api/imports/${done.id}`)).statusCode).toBe(404);
    expect(await storedRows(running.id, runningFile)).toMatchObject({
      results: ROWS,
      jobs: 1,
      fileRows: ROWS,
      files: 1,
    });
    expect((await reader.inject(`/api/imports/${running.id}`)).json<ImportJob>().state).toBe('running');

    const [entry, ...others] = await sweepEntries();
    expect(others).toEqual([]);
    const importCutoff = new Date(stack.access.now() - 90 * DAY_MS).toISOString().slice(0, 10);
    expect(entry).toMatchObject({
      id: outcome.auditEntryId,
      user: { id: null, email: RETENTION_ACTOR },
      outcome: 'success',
      partitions: [],
    });
    expect(entry?.summary).toContain('0 audit entries recorded before');
    expect(entry?.summary).toContain(
      `1 finished import jobs (with their files, rows and results) finished before ${importCutoff}`,
    );
    // The import's own entries are the audit trail's: they stay, and no longer link to the job.
    const imports = (await reader.inject('/api/activity?action=import')).json<ActivityPage>().entries;
    const item = imports.find((candidate) => candidate.importJob?.id === done.id);
    expect(item?.importJob?.jobVisible).toBe(false);
  });

  it('deletes finished bulk moves past their days, an undo before its move, never a move whose undo stays', async () => {
    const moves = new MovesRepo(stack.imports.db);
    const user = (await admin()).user;
    /** A move of `rows` leads stored as its runner leaves it, finished `daysAgo` days ago (or still running). */
    const storedMove = async (daysAgo: number | null, undoOf: string | null = null) => {
      const id = crypto.randomUUID();
      const nowMs = stack.access.now();
      await moves.createJob({
        id,
        userId: user.id,
        userEmail: user.email,
        target: 'Canada',
        kind: 'id',
        undoOf,
        state: 'running',
        nowMs,
      });
      await moves.insertRows(
        id,
        Array.from({ length: ROWS }, (_unused, n) => ({
          row: n + 1,
          value: String(5000 + n),
          status: 'moved' as const,
          leadId: 5000 + n,
        })),
      );
      await moves.open(id, ROWS);
      await sqlRun(
        stack.imports.db,
        `INSERT INTO move_chunks (job_id, chunk, state, rows, sent_at_ms) VALUES (?, 1, 'done', ?, ?)`,
        id,
        ROWS,
        nowMs,
      );
      if (daysAgo !== null) {
        await sqlRun(
          stack.imports.db,
          `UPDATE move_jobs SET state = 'completed', finished_at_ms = ? WHERE id = ?`,
          nowMs - daysAgo * DAY_MS,
          id,
        );
      }
      return id;
    };
    const count = async (table: string, column: string, id: string) =>
      Number(await sqlValue(stack.imports.db, `SELECT count(*) FROM ${table} WHERE ${column} = ?`, id));
    const undone = await storedMove(120);
    const itsUndo = await storedMove(100, undone);
    const undoing = await storedMove(120);
    const stillUndoing = await storedMove(null, undoing);
    const recent = await storedMove(10);

    const outcome = await sweep();
    expect(outcome).toMatchObject({ importJobs: 0, moveJobs: 2, auditEntries: 0 });
    for (const id of [undone, itsUndo]) {
      expect([
        await count('move_jobs', 'id', id),
        await count('move_rows', 'job_id', id),
        await count('move_chunks', 'job_id', id),
      ]).toEqual([0, 0, 0]);
      expect((await (await admin()).inject(`/api/moves/${id}`)).statusCode).toBe(404);
    }
    for (const id of [undoing, stillUndoing, recent]) {
      expect([await count('move_jobs', 'id', id), await count('move_rows', 'job_id', id)]).toEqual([1, ROWS]);
    }
    const [entry] = await sweepEntries();
    expect(entry?.summary).toContain('2 finished bulk moves (with their rows)');
  });

  it('deletes audit entries past their days, and records how many', async () => {
    const before = Number(await sqlValue(stack.imports.db, 'SELECT count(*) FROM audit'));
    expect(await sweep()).toEqual({ importJobs: 0, moveJobs: 0, auditEntries: 0, auditEntryId: null });
    stack.advanceClock(366 * DAY_MS);
    const outcome = await sweep();
    expect(outcome).toMatchObject({ importJobs: 0, auditEntries: before });
    const ids = await sqlRows<{ id: number }>(stack.imports.db, 'SELECT id FROM audit');
    expect(ids.map((row) => Number(row.id))).toEqual([outcome.auditEntryId]);
    const [entry] = await sweepEntries();
    expect(entry?.summary).toContain(`${before} audit entries recorded before`);
    expect(entry?.outcome).toBe('success');
  });
});

describe('a sweep stopped for shutdown', () => {
  it('stops between pages and records what it deleted as partial', async () => {
    const db = await openConsoleDb({ sqliteFile: ':memory:' });
    const audit = new ConsoleAuditRepo(db);
    const old: NewAuditEntry = {
      at: '2020-01-01T00:00:00.000Z',
      user: { id: 1, email: 'a@example.com' },
      action: 'auth.sign-in',
      partitions: [],
      leadIds: [],
      outcome: 'success',
      leads: [],
      requestIds: [],
      summary: '',
    };
    for (let entry = 0; entry < 1000; entry += 1) await audit.append(old);
    const shutdown = new AbortController();
    const sweeping = sweepRetention({ db, audit, now: Date.now, policy: POLICY, signal: shutdown.signal });
    shutdown.abort();
    const outcome = await sweeping;
    expect(outcome.auditEntries).toBeGreaterThan(0);
    expect(outcome.auditEntries).toBeLessThan(1000);
    const remaining = Number(await sqlValue(db, "SELECT count(*) FROM audit WHERE action = 'auth.sign-in'"));
    expect(remaining).toBe(1000 - outcome.auditEntries);
    const recorded = await audit.query(
      { visiblePartitions: 'all', readerUserId: 0, action: 'retention.sweep' },
      10,
    );
    expect(recorded).toEqual([
      expect.objectContaining({
        outcome: 'partial',
        summary: expect.stringContaining(`${outcome.auditEntries} audit entries`) as unknown,
      }),
    ]);
    expect(recorded[0]?.summary).toContain('then stopped for shutdown');
  });
});
