// Sign-out with a console database that takes no writes: a real proxy process whose file-size limit (prlimit,
// as `ulimit -f` would set at start) is lowered to its database's current size once the user is signed in, so
// SQLite's next write fails with an I/O error for real. The user asked to sign out, so they are signed out.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { signInOverHttp, startProxyProcess, type ProxyProcess } from '../proxy-process';
import { sqliteBinding } from '../store/sqlite-binding';

const ADMIN = { email: 'sign-out.admin@example.com', password: 'sign-out-admin-password-1' };

let emulator: RunningEmulator;
let proxy: ProxyProcess;
let dir: string;
let dbFile: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'sign-out-fails-closed-'));
  dbFile = join(dir, 'console.db');
  proxy = await startProxyProcess({
    MARKETO_BASE_URL: emulator.origin,
    MARKETO_CLIENT_ID: emulator.clientId,
    MARKETO_CLIENT_SECRET: emulator.clientSecret,
    CONSOLE_DB_FILE: dbFile,
    CONSOLE_ADMIN_EMAIL: ADMIN.email,
    CONSOLE_ADMIN_PASSWORD: ADMIN.password,
  });
});
afterAll(async () => {
  proxy.kill('SIGTERM');
  await proxy.exit;
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

/** No write may grow any file of the proxy past its current size: the database's next write fails. */
function freezeDatabaseFiles(): void {
  const bytes = Math.max(statSync(dbFile).size, statSync(`${dbFile}-wal`).size);
  execFileSync('prlimit', ['--pid', String(proxy.pid), `--fsize=${bytes}:`]);
}

function thawDatabaseFiles(): void {
  execFileSync('prlimit', ['--pid', String(proxy.pid), '--fsize=unlimited:']);
}

/** Whether the session row of this cookie is still in the database file (read by a connection of our own). */
function sessionRowExists(cookie: string): boolean {
  const idHash = createHash('sha256')
    .update(cookie.replace(/^pc_session=/, ''))
    .digest('hex');
  const db = new Database(dbFile, { readonly: true, ...sqliteBinding() });
  try {
    return db.prepare('SELECT 1 FROM sessions WHERE id_hash = ?').get(idHash) !== undefined;
  } finally {
    db.close();
  }
}

const sessionStatus = (headers: Record<string, string>) =>
  fetch(`${proxy.url}/api/session`, { headers: { cookie: headers.cookie ?? '' } }).then((r) => r.status);

it('signs out a user whose session row cannot be deleted: cookie cleared, session refused, row deleted later', async () => {
  const headers = await signInOverHttp(proxy.url, ADMIN);
  const cookie = headers.cookie ?? '';
  expect(await sessionStatus(headers)).toBe(200);

  freezeDatabaseFiles();
  try {
    const out = await fetch(`${proxy.url}/api/session`, { method: 'DELETE', headers });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    // The database really refused the delete: the row is still there, and yet the session no longer works.
    expect(sessionRowExists(cookie)).toBe(true);
    expect(await sessionStatus(headers)).toBe(401);
    expect(proxy.output()).toContain('the session is refused in this process instead');
  } finally {
    thawDatabaseFiles();
  }

  // Once the database takes writes again, the next sign-in deletes the row the sign-out could not.
  const again = await signInOverHttp(proxy.url, ADMIN);
  expect(sessionRowExists(cookie)).toBe(false);
  expect(await sessionStatus(headers)).toBe(401);
  expect(await sessionStatus(again)).toBe(200);
});
