// A throwaway PostgreSQL for tests, benchmarks and `npm run cluster`: Debian's server binaries on a free loopback
// port, in a temp folder, fsync off, trust auth on loopback only; stopped by its pid. initdb and postgres refuse to
// run as root, so as root they run as the `postgres` user. With TEST_DATABASE_URL set, that server is used instead.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface TestPostgres {
  /** e.g. `postgres://postgres@127.0.0.1:41234/postgres`, a superuser on the `postgres` database. */
  url: string;
  /** Whether this harness started the server (false with TEST_DATABASE_URL, where `stop` leaves it running). */
  ownsServer: boolean;
  /** The postmaster's pid, when this harness started it. */
  pid: number | undefined;
  /** The temp folder holding the data, the socket and `postgres.log`, when this harness started it. */
  dir: string | undefined;
  /** Stops the postmaster and its backends, then removes the folder. */
  stop(): Promise<void>;
}

const DEBIAN_SERVERS = '/usr/lib/postgresql';
const DEBIAN_PACKAGE = 'postgresql-15';

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Folders that may hold initdb and postgres: Debian's per-version folders, newest first, then `pg_config --bindir`. */
function candidateBinDirs(): string[] {
  const versions = existsSync(DEBIAN_SERVERS)
    ? readdirSync(DEBIAN_SERVERS).filter((name) => /^\d+(\.\d+)?$/.test(name))
    : [];
  const dirs = versions.sort((a, b) => Number(b) - Number(a)).map((v) => join(DEBIAN_SERVERS, v, 'bin'));
  // libpq-dev's pg_config names the server's folder even when only the client is installed, hence the check below.
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0 && pgConfig.stdout.trim()) dirs.push(pgConfig.stdout.trim());
  return dirs;
}

/** The folder holding both initdb and postgres, or undefined when no server is installed. */
export function findPostgresBinDir(): string | undefined {
  return candidateBinDirs().find(
    (dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')),
  );
}

function aptGet(args: string[]) {
  return spawnSync('apt-get', args, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * The server binaries' folder, installing Debian's package with apt when none is found and this runs as root on
 * Debian (as scripts/chromium.mjs does for Chromium). apt's output stays quiet unless the install fails.
 */
export function ensurePostgresInstalled(): string {
  const found = findPostgresBinDir();
  if (found) return found;
  if (!isRoot() || !existsSync('/etc/debian_version')) {
    throw new Error(
      `No PostgreSQL server found (initdb and postgres). Install Debian's "${DEBIAN_PACKAGE}", or set TEST_DATABASE_URL.`,
    );
  }
  console.log(`No PostgreSQL server found: installing Debian's ${DEBIAN_PACKAGE} with apt-get…`);
  const install = ['install', '-y', '--no-install-recommends', DEBIAN_PACKAGE];
  let result = aptGet(install);
  if (result.status !== 0) {
    // A fresh machine has no package lists yet.
    const update = aptGet(['update']);
    if (update.status !== 0) {
      throw new Error(`apt-get update failed:\n${tail(`${update.stdout}${update.stderr}`)}`);
    }
    result = aptGet(install);
  }
  const installed = findPostgresBinDir();
  if (result.status !== 0 || !installed) {
    throw new Error(
      `apt-get could not install ${DEBIAN_PACKAGE}:\n${tail(`${result.stdout}${result.stderr}`)}`,
    );
  }
  return installed;
}

interface RunAs {
  uid: number;
  gid: number;
}

/** As root, the `postgres` user's ids (Debian's package creates it); otherwise the current user runs the server. */
function serverUser(): RunAs | undefined {
  if (!isRoot()) return undefined;
  const entry = spawnSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' });
  const [, , uid, gid] = entry.status === 0 ? entry.stdout.trim().split(':') : [];
  if (uid === undefined || gid === undefined) {
    throw new Error(
      'Running as root, but there is no "postgres" user to run PostgreSQL as (initdb refuses root).',
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function readLog(file: string): string {
  try {
    return tail(readFileSync(file, 'utf8'));
  } catch {
    return '(no log)';
  }
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

/** Resolves once the server answers a query; fails early if the postmaster exits, or after `timeoutMs`. */
async function waitUntilReady(url: string, postmaster?: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (postmaster && (postmaster.exitCode !== null || postmaster.signalCode !== null)) {
      throw new Error('postgres exited before accepting connections');
    }
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not answer at ${url}`, { cause: error });
    } finally {
      await client.end().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Servers still running, stopped at process exit so that a crashed test run leaves no postmaster behind. */
const running = new Map<ChildProcess, string>();
let exitHookInstalled = false;

function stopAllAtExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [child, dir] of running) {
      child.kill('SIGQUIT');
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Immediate shutdown (SIGQUIT): the postmaster stops its backends before it exits; SIGKILL if it lingers. */
async function stopPostmaster(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = exitCode(child);
  child.kill('SIGQUIT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited.finally(() => clearTimeout(timer));
}

function spawnAs(binary: string, args: string[], runAs: RunAs | undefined, cwd: string, log: number) {
  return spawn(binary, args, { cwd, stdio: ['ignore', log, log], ...(runAs ?? {}) });
}

async function initCluster(bin: string, dir: string, runAs: RunAs | undefined, log: number) {
  const dataDir = join(dir, 'data');
  const initdb = spawnAs(
    join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    runAs,
    dir,
    log,
  );
  const code = await exitCode(initdb);
  if (code !== 0) throw new Error(`initdb failed (exit ${code}):\n${readLog(join(dir, 'postgres.log'))}`);
  // Trust, but only over the folder's socket and loopback (initdb's file also admits replication connections).
  const hba = join(dataDir, 'pg_hba.conf');
  writeFileSync(hba, 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  if (runAs) chownSync(hba, runAs.uid, runAs.gid);
  return dataDir;
}

async function startPostmaster(
  bin: string,
  dir: string,
  dataDir: string,
  runAs: RunAs | undefined,
  log: number,
): Promise<{ child: ChildProcess; url: string }> {
  // A free port can be taken between the probe and postgres binding it: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const child = spawnAs(
      join(bin, 'postgres'),
      [
        ...['-D', dataDir, '-p', String(port), '-k', dir, '-F'],
        ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
        ...['-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      ],
      runAs,
      dir,
      log,
    );
    try {
      await waitUntilReady(url, child);
      return { child, url };
    } catch (error) {
      await stopPostmaster(child);
      const logText = readLog(join(dir, 'postgres.log'));
      if (attempt < 3 && /could not bind|Address already in use/.test(logText)) continue;
      throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${logText}`, {
        cause: error,
      });
    }
  }
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    await waitUntilReady(external);
    return { url: external, ownsServer: false, pid: undefined, dir: undefined, stop: async () => {} };
  }
  const bin = ensurePostgresInstalled();
  const runAs = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'pc-postgres-'));
  const log = openSync(join(dir, 'postgres.log'), 'a');
  try {
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    const dataDir = await initCluster(bin, dir, runAs, log);
    const { child, url } = await startPostmaster(bin, dir, dataDir, runAs, log);
    running.set(child, dir);
    stopAllAtExit();
    return {
      url,
      ownsServer: true,
      pid: child.pid,
      dir,
      async stop() {
        await stopPostmaster(child);
        running.delete(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    closeSync(log);
  }
}

/** A new, empty database on that server, so each test file works apart; returns its URL. */
export async function createTestDatabase(serverUrl: string): Promise<string> {
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
