// A throwaway redis-server for tests and benchmarks: Debian's binary on a free loopback port, in a temp folder,
// with nothing persisted; stopped by its pid. With TEST_REDIS_URL set, that server is used instead and each
// caller gets its own key prefix, so tests never see each other's keys.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedis {
  /** e.g. `redis://127.0.0.1:41234`. */
  url: string;
  /** A prefix no other test uses (the console's own `REDIS_PREFIX` shape). */
  prefix: string;
  /** Whether this harness started the server, so `stop` and `restart` really stop it (not on TEST_REDIS_URL). */
  ownsServer: boolean;
  /** Kills the server (SIGKILL, as a crash would); the port stays reserved for `restart`. No-op on TEST_REDIS_URL. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

const DEBIAN_REDIS = '/usr/bin/redis-server';

/** Debian's redis-server, installed with apt when missing and allowed (root on Debian), as scripts/chromium.mjs does. */
function findRedisServer(): string {
  if (existsSync(DEBIAN_REDIS)) return DEBIAN_REDIS;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/etc/debian_version')) {
    throw new Error('No redis-server found. Install Debian\'s "redis-server", or set TEST_REDIS_URL.');
  }
  console.log("No redis-server found: installing Debian's redis-server with apt-get…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], {
    stdio: 'inherit',
    env,
  });
  if (!existsSync(DEBIAN_REDIS)) throw new Error('apt-get could not install redis-server');
  return DEBIAN_REDIS;
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

/** Resolves once the server answers PING; gives up after `timeoutMs`. */
async function waitForPing(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`redis-server did not answer PING at ${url}`, { cause: error });
    } finally {
      probe.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

export interface TestRedisOptions {
  /** Started with `--requirepass`, the URL carrying it (`redis://:password@…`); ignored with TEST_REDIS_URL. */
  password?: string;
}

export async function startTestRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const prefix = `test-${randomUUID()}:`;
  const external = process.env.TEST_REDIS_URL;
  if (external) {
    await waitForPing(external);
    const noop = async () => {};
    return { url: external, prefix, ownsServer: false, stop: noop, restart: noop, close: noop };
  }
  const binary = findRedisServer();
  const dir = mkdtempSync(join(tmpdir(), 'pc-redis-'));
  const port = await freePort();
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  const url = `redis://${auth}127.0.0.1:${port}`;
  const passwordArgs = options.password ? ['--requirepass', options.password] : [];
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        ...passwordArgs,
      ],
      { stdio: 'ignore' },
    );
    await waitForPing(url);
  };
  await start();
  return {
    url,
    prefix,
    ownsServer: true,
    stop: () => stopProcess(child),
    async restart() {
      await stopProcess(child);
      await start();
    },
    async close() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
