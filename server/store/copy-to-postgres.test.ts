// `npm run migrate-db`: a SQLite console database written through the real repositories is copied into a real
// PostgreSQL (server/testing/test-database.ts) and verified row by row; the console then reads the same there and
// carries on with new ids. A second run refuses, a corrupted target row is caught, a source it cannot copy is
// refused with nothing written, and the URL's password is never printed (the CLI runs as a child process).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedConsoleDb, type SeededConsole } from '../testing/seed-console-db';
import { testDatabaseUrl } from '../testing/test-database';
import { ConsoleAuditRepo } from './audit-repo';
import { COPIED_TABLES, TABLES_NOT_COPIED } from './copied-tables';
import { CopyRefusedError, CopySource } from './copy-source';
import { copyToPostgres } from './copy-to-postgres';
import { openConsoleDb } from './database';
import { ImportsRepo } from './imports-repo';
import { MovesRepo } from './moves-repo';
import type { ConsoleDb } from './kysely';
import { ConsoleSessionsRepo } from './sessions-repo';
import { sqliteBinding } from './sqlite-binding';
import { ConsoleUsersRepo } from './users-repo';
import { verifyCopy } from './verify-copy';

const PASSWORD = 'pw-Secret-of-the-migration';
const ROOT = join(import.meta.dirname, '..', '..');

let dir: string;
let sqliteFile: string;
let seeded: SeededConsole;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-migrate-db-'));
  sqliteFile = join(dir, 'console.sqlite');
  seeded = await seedConsoleDb(sqliteFile);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A new empty database's URL, with a password in it (the test server trusts loopback and ignores it). */
async function targetUrl(): Promise<string> {
  const url = new URL(await testDatabaseUrl());
  url.password = PASSWORD;
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function copyAndVerify(url: string) {
  const source = CopySource.open(sqliteFile);
  try {
    const copied = await copyToPostgres(source, url);
    return { copied, verified: await verifyCopy(source, url, COPIED_TABLES) };
  } finally {
    source.close();
  }
}

async function verify(url: string) {
  const source = CopySource.open(sqliteFile);
  try {
    return await verifyCopy(source, url, COPIED_TABLES);
  } finally {
    source.close();
  }
}

interface Run {
  code: number | null;
  output: string;
  stdout: string;
  stderr: string;
}

/** Runs the script as `npm run migrate-db` does; an `env` value of undefined removes the variable. */
function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const merged: Record<string, string | undefined> = { ...process.env, ...env };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/migrate-db.ts', ...args], {
    cwd: ROOT,
    env: merged,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, output: stdout + stderr })),
  );
}

/** What the console reads through its repositories, to compare one engine with the other. */
async function consoleView(consoleDb: ConsoleDb) {
  const imports = new ImportsRepo(consoleDb);
  const job = await imports.job(seeded.jobId);
  const moves = new MovesRepo(consoleDb);
  return {
    users: await new ConsoleUsersRepo(consoleDb).list(),
    session: await new ConsoleSessionsRepo(consoleDb).find(`hash-2-${'a'.repeat(58)}`),
    audit: await new ConsoleAuditRepo(consoleDb).query({ visiblePartitions: 'all', readerUserId: 0 }, 100),
    items: await new ConsoleAuditRepo(consoleDb).items({ visiblePartitions: 'all', readerUserId: 0 }, 100),
    job,
    recentJobs: await imports.recentJobs('all', 10),
    results: job && (await imports.results(job, { offset: 0, limit: 100 })),
    file: job && (await imports.file(job.fileId)),
    move: await moves.job(seeded.moveJobId),
    moveRows: (await moves.rows(seeded.moveJobId, undefined, 0, 100)).rows,
    moveSending: await moves.sendingChunks(),
  };
}

describe('copying a SQLite console database into PostgreSQL', () => {
  it('copies every table, verifies every row, and the console reads the same there and carries on', async () => {
    const url = await targetUrl();
    const { copied, verified } = await copyAndVerify(url);
    expect(verified.mismatch).toBeUndefined();
    expect(copied.map(({ table }) => table)).toEqual(COPIED_TABLES.map((table) => table.name));
    for (const { table, rows } of copied) expect(rows, table).toBeGreaterThan(0);
    expect(verified.tables).toEqual(copied.map((count) => ({ ...count, targetRows: count.rows })));

    const sqlite = await openConsoleDb({ sqliteFile });
    const postgres = await openConsoleDb({ postgresUrl: url });
    try {
      const view = await consoleView(postgres);
      expect(view).toEqual(await consoleView(sqlite));
      expect(view.job?.state).toBe('completed');
      expect(view.move?.state).toBe('running');
      expect(view.moveRows.find((row) => row.row === 1)?.leadId).toBe(9_000_000_001);
      expect(view.moveSending.map(({ jobId, chunk }) => ({ jobId, chunk }))).toEqual([
        { jobId: seeded.moveJobId, chunk: 2 },
      ]);
      expect(view.moveSending[0]?.leaseOwner).toEqual(expect.stringMatching(/./));
      expect(view.users.find((user) => user.id === seeded.ssoUserId)).toMatchObject({
        disabled: true,
        sso: { issuer: 'https://idp.example.com', subject: 'subject-42' },
      });

      // New rows take ids after the copied ones; the pending entry completes once, the trail stays append-only.
      const newUser = await new ConsoleUsersRepo(postgres).create({
        email: 'after@example.com',
        name: 'After',
        role: 'viewer',
        partitions: [1],
        passwordHash: 'scrypt$after',
        createdAt: '2026-12-01T00:00:00.000Z',
      });
      expect(newUser.id).toBe(seeded.ssoUserId + 1);
      const audit = new ConsoleAuditRepo(postgres);
      const auditRows = copied.find(({ table }) => table === 'audit')!.rows;
      expect(
        await audit.append({
          user: { id: newUser.id, email: newUser.email },
          action: 'auth.sign-in',
          partitions: [],
          leadIds: [],
          outcome: 'success',
          leads: [],
          requestIds: [],
          summary: 'first on PostgreSQL',
        }),
      ).toBe(auditRows + 1);
      await audit.complete(seeded.pendingAuditId, { outcome: 'success', leadIds: [103] });
      await expect(audit.complete(seeded.pendingAuditId, { outcome: 'failure' })).rejects.toThrow();
      await expect(query(url, 'DELETE FROM audit')).rejects.toThrow(/append-only/);
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });

  it('runs as npm run migrate-db: copies and verifies, a second run refuses, the password is never printed', async () => {
    const url = await targetUrl();
    const first = await runCli(['--from', sqliteFile, '--to', url]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Copying ${sqliteFile} into PostgreSQL 127.0.0.1:`);
    expect(first.stdout).toMatch(/ users\s+3 rows/);
    expect(first.stdout).toMatch(/ users\s+source 3, target 3/);
    expect(first.stdout).toMatch(
      /Verified in [\d.]+ s: every row of every table is the same on both sides\./,
    );
    expect(first.output).not.toContain(PASSWORD);

    const before = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM audit');
    // The source as the console finds it: CONSOLE_DB_FILE.
    const second = await runCli(['--to', url], { CONSOLE_DB_FILE: sqliteFile });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      'Migration failed: the target already holds console data (users 3, sessions 2',
    );
    expect(second.output).not.toContain(PASSWORD);
    expect(await query(url, 'SELECT count(*) AS n FROM audit')).toEqual(before);
  });

  it('leaves the sessions behind when asked, and verifies what it copied', async () => {
    const url = await targetUrl();
    const run = await runCli(['--from', sqliteFile, '--to', url, '--without-sessions']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/ sessions /);
    expect(await query(url, 'SELECT count(*)::int AS n FROM sessions')).toEqual([{ n: 0 }]);
    expect(await query(url, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 3 }]);
  });

  it('catches a changed, a missing and an extra row on the target', async () => {
    const url = await targetUrl();
    expect((await copyAndVerify(url)).verified.mismatch).toBeUndefined();

    await query(url, `UPDATE users SET name = 'Mallory' WHERE id = ${seeded.editorId}`);
    const changed = await verify(url);
    expect(changed.mismatch).toBe(
      `users row id ${seeded.editorId}: name differs (source "Émile Éditeur", target "Mallory").`,
    );
    await query(url, `UPDATE users SET name = 'Émile Éditeur' WHERE id = ${seeded.editorId}`);

    // The audit trail too, past its triggers (a superuser can).
    await query(
      url,
      `ALTER TABLE audit DISABLE TRIGGER USER;
       UPDATE audit SET lead_ids = '[101]' WHERE id = 2;
       ALTER TABLE audit ENABLE TRIGGER USER;`,
    );
    expect((await verify(url)).mismatch).toBe(
      'audit row id 2: lead_ids differs (source "[101,102]", target "[101]").',
    );
    await query(
      url,
      `ALTER TABLE audit DISABLE TRIGGER USER;
       UPDATE audit SET lead_ids = '[101,102]' WHERE id = 2;
       ALTER TABLE audit ENABLE TRIGGER USER;`,
    );

    await query(url, `DELETE FROM import_chunks WHERE chunk = 2`);
    expect((await verify(url)).mismatch).toBe(
      `import_chunks row job_id "${seeded.jobId}", chunk 2 is missing on the target.`,
    );
    await query(url, 'DELETE FROM import_chunks');
    await query(url, 'DELETE FROM import_bulk_batches');
    await query(url, 'DELETE FROM import_results');
    await query(url, 'DELETE FROM import_jobs');
    await query(url, 'DELETE FROM import_file_rows');
    await query(url, 'DELETE FROM import_files');
    await query(
      url,
      `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at)
       VALUES ('planted', ${seeded.adminId}, 'csrf', 1, 1)`,
    );
    const extra = await verify(url);
    expect(extra.mismatch).toBe('sessions has 3 rows on the target and 2 in the source.');
    // Counted after the first difference, every table.
    expect(extra.tables.find(({ table }) => table === 'import_files')).toMatchObject({ targetRows: 0 });
  });

  it('numbers copied import jobs in the order the source wrote them, and a reordering is caught', async () => {
    const url = await targetUrl();
    expect((await copyAndVerify(url)).verified.mismatch).toBeUndefined();
    const order = await query<{ id: string }>(url, 'SELECT id FROM import_jobs ORDER BY seq');
    expect(order.map((row) => row.id)).toEqual([seeded.jobId, seeded.skippedJobId]);
    // Same values in every column, the two jobs' places swapped.
    await query(
      url,
      `ALTER TABLE import_jobs ALTER COLUMN seq SET GENERATED BY DEFAULT;
       UPDATE import_jobs SET seq = 1000 - seq;`,
    );
    expect((await verify(url)).mismatch).toMatch(
      new RegExp(
        `^import_jobs row id "${seeded.skippedJobId}" is out of order on the target \\(seq \\d+ after \\d+\\)\\.$`,
      ),
    );
  });
});

describe('what migrate-db refuses, writing nothing', () => {
  async function tables(url: string): Promise<string[]> {
    const rows = await query<{ name: string }>(
      url,
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    return rows.map((row) => row.name);
  }

  it('a missing source, and an unreachable target, with the password kept out of the message', async () => {
    const url = await targetUrl();
    const missing = await runCli(['--from', join(dir, 'nothing.sqlite'), '--to', url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `Migration failed: no console database at ${join(dir, 'nothing.sqlite')}`,
    );
    expect(await tables(url)).toEqual([]);

    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const closed = await runCli([
      '--from',
      sqliteFile,
      '--to',
      `postgres://console:${PASSWORD}@127.0.0.1:${port}/x`,
    ]);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('Migration failed:');
    expect(closed.output).not.toContain(PASSWORD);

    const noUrl = await runCli(['--from', sqliteFile, '--to', 'mysql://db/console']);
    expect(noUrl.code).toBe(1);
    expect(noUrl.stderr).toContain('--to must be a postgres:// or postgresql:// URL');
  });

  it('a source from a newer or an older console', async () => {
    const newer = join(dir, 'newer.sqlite');
    copyFileSync(sqliteFile, newer);
    const raw = new Database(newer, sqliteBinding());
    raw.prepare('INSERT INTO console_migrations (name, applied_at_ms) VALUES (?, 0)').run('from_the_future');
    raw.close();
    const url = await targetUrl();
    const run = await runCli(['--from', newer, '--to', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('was written by a newer console (its schema has from_the_future');
    expect(await tables(url)).toEqual([]);

    const older = join(dir, 'older.sqlite');
    copyFileSync(sqliteFile, older);
    const rawOlder = new Database(older, sqliteBinding());
    rawOlder.prepare("DELETE FROM console_migrations WHERE name = 'users_sso'").run();
    rawOlder.close();
    expect(() => CopySource.open(older)).toThrow(CopyRefusedError);
    expect(() => CopySource.open(older)).toThrow(/from an older console \(it lacks users_sso\)/);
  });
});

describe('the tables migrate-db copies', () => {
  it('with the ones it leaves behind, are every table the migrations create on both engines', async () => {
    const url = await testDatabaseUrl();
    await openConsoleDb({ postgresUrl: url }).then((consoleDb) => consoleDb.close());
    const listed = [...COPIED_TABLES.map((table) => table.name), ...TABLES_NOT_COPIED].sort();
    const pgTables = await query<{ name: string }>(
      url,
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(pgTables.map((row) => row.name).sort()).toEqual(listed);

    const raw = new Database(sqliteFile, { readonly: true, ...sqliteBinding() });
    try {
      const sqliteTables = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .pluck()
        .all() as string[];
      // import_keys is a temporary table there, of each connection.
      expect([...sqliteTables, 'import_keys'].sort()).toEqual(listed);
    } finally {
      raw.close();
    }
  });
});
