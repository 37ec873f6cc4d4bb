// The PostgreSQL harness against a real server: stop() leaves nothing behind, TEST_DATABASE_URL is honoured, and in
// a real nested `vitest run` the shared server starts on first use, gives each file its own database, survives a
// failing file and is gone after the run.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, startTestPostgres, type TestPostgres } from './postgres-server';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = fileURLToPath(new URL('./postgres-harness-fixtures', import.meta.url));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Pids whose parent is `pid`, from /proc (the postmaster's backends and helper processes). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function answers(url: string): Promise<boolean> {
  return query(url, 'SELECT 1').then(
    () => true,
    () => false,
  );
}

const ownsServer = !process.env.TEST_DATABASE_URL;
let started: TestPostgres[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(started.map((server) => server.stop()));
  started = [];
});

async function start(): Promise<TestPostgres> {
  const server = await startTestPostgres();
  started.push(server);
  return server;
}

describe.runIf(ownsServer)('a server this harness starts', () => {
  it('stop() ends the postmaster and every backend, and removes the folder', async () => {
    const server = await start();
    const { pid, dir } = server;
    if (pid === undefined || dir === undefined) throw new Error('an owned server has a pid and a folder');
    const client = new Client({ connectionString: server.url });
    client.on('error', () => {}); // the shutdown ends its backend
    await client.connect();
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    const children = childrenOf(pid);
    expect(children).toContain(backend);
    expect(existsSync(join(dir, 'data', 'PG_VERSION'))).toBe(true);

    await server.stop();

    expect(isAlive(pid)).toBe(false);
    expect(children.filter(isAlive)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    await client.end().catch(() => {});
  });

  it('listens on loopback only, with fsync off', async () => {
    const server = await start();
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    expect(
      await query(
        server.url,
        "SELECT current_setting('listen_addresses') AS l, current_setting('fsync') AS f",
      ),
    ).toEqual([{ l: '127.0.0.1', f: 'off' }]);
  });

  it('uses the server in TEST_DATABASE_URL instead of starting one, and leaves it running', async () => {
    const own = await start();
    vi.stubEnv('TEST_DATABASE_URL', own.url);
    const external = await startTestPostgres();
    expect(external).toMatchObject({ url: own.url, ownsServer: false, pid: undefined, dir: undefined });
    await external.stop();
    expect(await answers(own.url)).toBe(true);
  });
});

it('createTestDatabase gives each caller an empty database of its own', async () => {
  const server = await start();
  const [first, second] = await Promise.all([createTestDatabase(server.url), createTestDatabase(server.url)]);
  if (!first || !second) throw new Error('two databases');
  expect(first).not.toBe(second);
  await query(first, 'CREATE TABLE only_in_first (id int)');
  expect(await query(second, "SELECT to_regclass('only_in_first') AS t")).toEqual([{ t: null }]);
  expect(await query(first, "SELECT to_regclass('only_in_first') AS t")).toEqual([{ t: 'only_in_first' }]);
});

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { name: string; status: string }[];
}

/** Runs the fixtures as their own `vitest run` in a fresh temp folder; resolves with its JSON report. */
async function runFixtures(workDir: string): Promise<VitestReport> {
  const report = join(workDir, 'report.json');
  // Not the outer worker's own VITEST_* variables, which would make the nested run think it is a worker.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--config',
      join(fixtures, 'vitest.config.ts'),
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    { cwd: repoRoot, env: { ...env, TMPDIR: workDir, PG_HARNESS_OUT: workDir }, stdio: 'ignore' },
  );
  await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  return JSON.parse(readFileSync(report, 'utf8')) as VitestReport;
}

it('in a vitest run, starts one server on first use, shared by files, surviving a failing file, gone at the end', async () => {
  const workDir = mkdtempSync(join(tmpdir(), 'pc-postgres-harness-'));
  chmodSync(workDir, 0o755); // the postgres user makes its folder in here
  try {
    const report = await runFixtures(workDir);
    const status = Object.fromEntries(
      report.testResults.map((file) => [file.name.slice(file.name.lastIndexOf('/') + 1), file.status]),
    );
    expect(status).toEqual({
      'a-no-database.fixture.ts': 'passed',
      'b-writes-then-fails.fixture.ts': 'failed',
      'c-own-database.fixture.ts': 'passed',
    });
    expect([report.numPassedTests, report.numFailedTests]).toEqual([3, 1]);

    const serverUrl = new URL(readFileSync(join(workDir, 'b.url'), 'utf8'));
    serverUrl.pathname = '/postgres';
    expect(await answers(serverUrl.toString())).toBe(!ownsServer);
    expect(readdirSync(workDir).filter((name) => name.startsWith('pc-postgres-'))).toEqual([]);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}, 120_000);
