// `npm run backup` against a real proxy process that keeps writing (uploads, in transactions of 250 rows) while
// the copy is taken: the copy passes SQLite's integrity check, holds what was written before, and every upload
// in it is whole transactions. The same process shows the retention sweep index.ts starts.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config/config';
import { startEmulator, type RunningEmulator } from '../server/emulator/index';
import { signInOverHttp, startProxyProcess, type ProxyProcess } from '../server/proxy-process';
import { ConsoleAuditRepo } from '../server/store/audit-repo';
import { openConsoleDb } from '../server/store/database';
import { sqliteBinding } from '../server/store/sqlite-binding';
import { DEFAULT_CONSOLE_DB_FILE, defaultBackupFile } from './backup.mjs';

const ADMIN = { email: 'backup.admin@example.com', password: 'backup-admin-password-1' };
const UPLOAD_ROWS = 1000;
/** Rows per upload transaction (server/imports/file-ingest.ts). */
const UPLOAD_BATCH = 250;

let emulator: RunningEmulator;
let dir: string;
let dbFile: string;
let proxy: ProxyProcess;
let headers: Record<string, string>;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the script as `npm run backup` does; an `env` value of undefined removes the variable. */
function runBackup(
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd = process.cwd(),
): Promise<Run> {
  const merged: Record<string, string | undefined> = { ...process.env, CONSOLE_DB_FILE: dbFile, ...env };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const child = spawn(process.execPath, [join(import.meta.dirname, 'backup.mjs'), ...args], {
    cwd,
    env: merged,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function readOnly(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true, ...sqliteBinding() });
}

async function upload(name: string): Promise<void> {
  const lines = ['email,firstName'];
  for (let row = 0; row < UPLOAD_ROWS; row += 1) lines.push(`${name}-${row}@example.com,Row ${row}`);
  const response = await fetch(`${proxy.url}/api/imports/files?name=${name}.csv`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv' },
    body: lines.join('\n'),
  });
  expect(response.status).toBe(201);
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'console-backup-'));
  dbFile = join(dir, 'data', 'console.sqlite');
  // An entry past AUDIT_RETENTION_DAYS, there before the proxy starts.
  const seeded = await openConsoleDb({ sqliteFile: dbFile });
  await new ConsoleAuditRepo(seeded).append({
    at: '2020-01-01T00:00:00.000Z',
    user: { id: null, email: 'expired@example.com' },
    action: 'auth.sign-in-failed',
    partitions: [],
    leadIds: [],
    outcome: 'failure',
    leads: [],
    requestIds: [],
    summary: 'long ago',
  });
  await seeded.close();
  proxy = await startProxyProcess({
    MARKETO_BASE_URL: emulator.origin,
    MARKETO_CLIENT_ID: emulator.clientId,
    MARKETO_CLIENT_SECRET: emulator.clientSecret,
    CONSOLE_DB_FILE: dbFile,
    CONSOLE_ADMIN_EMAIL: ADMIN.email,
    CONSOLE_ADMIN_PASSWORD: ADMIN.password,
  });
  headers = await signInOverHttp(proxy.url, ADMIN);
});
afterAll(async () => {
  proxy.kill('SIGTERM');
  await proxy.exit;
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the proxy process', () => {
  it('sweeps expired audit entries at start and records the sweep', async () => {
    const db = readOnly(dbFile);
    try {
      const sweepOutcome = () =>
        db.prepare("SELECT outcome FROM audit WHERE action = 'retention.sweep'").pluck().get() as
          string | undefined;
      // Bounded by the test's timeout: the sweep completes its entry a turn after the start.
      while (sweepOutcome() !== 'success') await new Promise((resolve) => setTimeout(resolve, 20));
      expect(
        db.prepare("SELECT count(*) FROM audit WHERE user_email = 'expired@example.com'").pluck().get(),
      ).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('npm run backup', () => {
  it('copies the database while the proxy writes: intact, with everything written before, whole transactions', async () => {
    const before = ['before-1', 'before-2'];
    for (const name of before) await upload(name);
    const target = join(dir, 'copies', 'while-writing.sqlite');
    const backingUp = runBackup([target]);
    let backupDone = false;
    void backingUp.then(() => (backupDone = true));
    let uploadsDuring = 0;
    while (!backupDone) {
      await upload(`during-${uploadsDuring}`);
      uploadsDuring += 1;
    }
    const run = await backingUp;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const bytes = statSync(target).size;
    expect(run.stdout).toContain(`to ${target} (${bytes.toLocaleString('en-US')} bytes)`);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'copies')).mode & 0o777).toBe(0o700);
    expect(existsSync(`${target}-wal`)).toBe(false);

    const copy = readOnly(target);
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const files = copy
        .prepare(
          `SELECT f.name, f.row_count AS rowCount, (SELECT count(*) FROM import_file_rows r WHERE r.file_id = f.id) AS stored
           FROM import_files f`,
        )
        .all() as { name: string; rowCount: number; stored: number }[];
      for (const name of before) {
        expect(files).toContainEqual({ name: `${name}.csv`, rowCount: UPLOAD_ROWS, stored: UPLOAD_ROWS });
      }
      // An upload caught mid-way is whole transactions of rows, not yet finished (row_count 0).
      for (const file of files) {
        if (file.rowCount === 0) expect(file.stored % UPLOAD_BATCH).toBe(0);
        else expect(file.stored).toBe(file.rowCount);
      }
      expect(copy.prepare('SELECT count(*) FROM users WHERE email = ?').pluck().get(ADMIN.email)).toBe(1);
    } finally {
      copy.close();
    }
  });

  it('writes to a timestamped file in backups/ beside the database by default, folder 0700, file 0600', async () => {
    const run = await runBackup([]);
    expect(run.code).toBe(0);
    const target = /to (\S+) \(/.exec(run.stdout)?.[1] ?? '';
    expect(target).toMatch(
      new RegExp(`^${join(dir, 'data', 'backups')}/console-\\d{4}-\\d{2}-\\d{2}T[0-9.-]+Z\\.sqlite$`),
    );
    expect(statSync(join(dir, 'data', 'backups')).mode & 0o777).toBe(0o700);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(defaultBackupFile('.data/console.sqlite', new Date('2026-12-04T17:42:00.123Z'))).toBe(
      '.data/backups/console-2026-12-04T17-42-00.123Z.sqlite',
    );
  });

  it('reads CONSOLE_DB_FILE from .env under the real environment, with the server default', async () => {
    expect(DEFAULT_CONSOLE_DB_FILE).toBe(loadConfig({}).consoleDbFile);
    const cwd = mkdtempSync(join(tmpdir(), 'console-backup-env-'));
    try {
      writeFileSync(join(cwd, '.env'), `CONSOLE_DB_FILE=${dbFile}\n`);
      const run = await runBackup([join(cwd, 'from-env.sqlite')], { CONSOLE_DB_FILE: undefined }, cwd);
      expect(run.stdout).toContain(`Backed up ${dbFile} to`);
      expect(run.code).toBe(0);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('fails with a clear message and no file: no database, an existing target, :memory:', async () => {
    const missing = await runBackup([join(dir, 'none.sqlite')], {
      CONSOLE_DB_FILE: join(dir, 'nothing-here.sqlite'),
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `Backup failed: no console database at ${join(dir, 'nothing-here.sqlite')}`,
    );
    expect(existsSync(join(dir, 'none.sqlite'))).toBe(false);

    const target = join(dir, 'taken.sqlite');
    writeFileSync(target, 'an older backup');
    const taken = await runBackup([target]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(`Backup failed: ${target} already exists; name a new file.`);
    expect(statSync(target).size).toBe('an older backup'.length);

    const memory = await runBackup([join(dir, 'memory.sqlite')], { CONSOLE_DB_FILE: ':memory:' });
    expect(memory.code).toBe(1);
    expect(memory.stderr).toContain('Backup failed: CONSOLE_DB_FILE is :memory:');
  });
});
