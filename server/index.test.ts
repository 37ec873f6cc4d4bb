// The process entry as a user meets it: one ready line with one URL, config errors that name keys only, a
// clear message when PORT is taken or the console database cannot be written, private data files whatever the
// umask, and a clean exit on SIGTERM.
import { spawn, type SpawnOptions } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startEmulator } from './emulator/index';
import { startTestRedis } from './testing/redis-server';
import { openConsoleDb } from './store/database';

const root = join(import.meta.dirname, '..');
// Empty values count as unset and, being set, also keep a developer's .env out of the test.
const BLANK_MARKETO = { MARKETO_BASE_URL: '', MARKETO_CLIENT_ID: '', MARKETO_CLIENT_SECRET: '' };

interface Run {
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
}

interface Launch {
  /** Shell commands run before the proxy replaces the shell: `umask 000`, `ulimit -f 0`. */
  shellPrelude?: string;
  /** Run as an unprivileged account (root ignores file modes, so a read-only file needs one). */
  unprivileged?: boolean;
}

/** The unprivileged account for `Launch.unprivileged`: `nobody` when we are root, else ourselves. */
const NOBODY = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function runServer(env: Record<string, string>, launch: Launch = {}): Run {
  const node = [process.execPath, '--import', 'tsx', 'server/index.ts'];
  const [command, ...args] = launch.shellPrelude
    ? ['bash', '-c', `${launch.shellPrelude}; exec "$@"`, 'bash', ...node]
    : node;
  const options: SpawnOptions = launch.unprivileged ? NOBODY : {};
  const child = spawn(command!, args, {
    ...options,
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      EMULATOR_DB_FILE: ':memory:',
      CONSOLE_DB_FILE: ':memory:',
      CONSOLE_ADMIN_EMAIL: '',
      CONSOLE_ADMIN_PASSWORD: '',
      DIST_DIR: 'no-such-dist',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = {
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    kill: (signal) => child.kill(signal),
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = run.stdout.match(pattern);
          if (match) resolve(match);
        };
        child.stdout.on('data', check);
        void run.exit.then(() => reject(new Error(`exited before ${pattern}: ${run.stderr}`)));
        check();
      }),
  };
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return run;
}

/** Signs in over HTTP; returns the headers later requests need. */
async function signIn(url: string, email: string, password: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

describe('server/index.ts', () => {
  it('starts the emulator in-process, prints one URL and the demo sign-in, and stops cleanly on SIGTERM', async () => {
    const run = runServer(BLANK_MARKETO);
    try {
      const [, url] = await run.waitFor(
        /Partition Console is ready: (http:\/\/127\.0\.0\.1:\d+) {2}\(emulator mode: no MARKETO_\* settings\)\n/,
      );
      const [, password] = await run.waitFor(/Sign in as admin@example\.com.*password: (\S+)\n/);
      expect((await fetch(`${url}/api/status`)).status).toBe(401);
      const headers = await signIn(url ?? '', 'mexico.editor@example.com', password ?? '');
      const status = (await (await fetch(`${url}/api/status`, { headers })).json()) as {
        mode: string;
        instance: string;
      };
      expect(status.mode).toBe('emulator');
      expect(status.instance).toMatch(/^127\.0\.0\.1:\d+$/);
      const partitions = (await (await fetch(`${url}/api/partitions`, { headers })).json()) as {
        partitions: { name: string }[];
      };
      expect(partitions.partitions.map((partition) => partition.name)).toEqual(['Mexico']);

      const humanLines = run.stdout.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
      expect(humanLines).toHaveLength(2);
      expect(humanLines[0]).toContain('Partition Console is ready');
      expect(humanLines.join('').match(/https?:\/\//g)).toHaveLength(1);
      expect(run.stdout.match(/"msg":[^}]*partition-demo/)).toBeNull();
      run.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      expect(run.stdout).toContain('"msg":"stopped"');
      expect(run.stdout).not.toContain('emulator-secret-not-for-production');
    } finally {
      run.kill('SIGKILL');
    }
  });

  it('serves readiness, and metrics on METRICS_PORT on loopback, never on the public port without a token', async () => {
    const run = runServer({ ...BLANK_MARKETO, METRICS_PORT: '0', METRICS_TOKEN: '' });
    try {
      const [, url] = await run.waitFor(/Partition Console is ready: (http:\/\/127\.0\.0\.1:\d+)/);
      const [, metricsPort] = await run.waitFor(/"port":(\d+)[^\n]*"msg":"metrics listening"/);
      expect(run.stdout).toMatch(/"host":"127\.0\.0\.1"[^\n]*"msg":"metrics listening"/);
      expect((await fetch(`${url}/api/ready`)).status).toBe(200);
      const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(scrape.status).toBe(200);
      const text = await scrape.text();
      expect(text).toContain('marketo_token_refreshes_total{outcome="success"} 1');
      expect(text).toContain(
        'http_request_duration_seconds_count{method="GET",route="/api/ready",status="200"} 1',
      );
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
      run.kill('SIGTERM');
      expect(await run.exit).toBe(0);
    } finally {
      run.kill('SIGKILL');
    }
  });

  it('talks to a configured Marketo instance (here an emulator standing in for one) and never logs its secret', async () => {
    const marketo = await startEmulator({
      port: 0,
      config: { clientSecret: 'a-long-production-like-secret-4711' },
    });
    const run = runServer({
      MARKETO_BASE_URL: marketo.origin,
      MARKETO_CLIENT_ID: marketo.clientId,
      MARKETO_CLIENT_SECRET: marketo.clientSecret,
      CONSOLE_ADMIN_EMAIL: 'ops@example.com',
      CONSOLE_ADMIN_PASSWORD: 'first-admin-password-4711',
      LOG_LEVEL: 'trace',
    });
    try {
      const host = new URL(marketo.origin).host;
      const [, url] = await run.waitFor(/Partition Console is ready: (http:\/\/\S+) {2}\(Marketo: (\S+)\)\n/);
      const headers = await signIn(url ?? '', 'ops@example.com', 'first-admin-password-4711');
      const status = (await (await fetch(`${url}/api/status`, { headers })).json()) as {
        mode: string;
        instance: string;
      };
      expect(status).toMatchObject({ mode: 'marketo', instance: host });
      expect((await fetch(`${url}/api/leads/318816`, { headers })).status).toBe(200);
      const demo = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@example.com', password: 'partition-demo-2026' }),
      });
      expect(demo.status).toBe(401);
      run.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(marketo.clientSecret);
      expect(run.stdout + run.stderr).not.toContain('first-admin-password-4711');
    } finally {
      run.kill('SIGKILL');
      await marketo.close();
    }
  });

  // Needs a server of its own, with a password, to stop: not one given by TEST_REDIS_URL.
  it.skipIf(process.env.TEST_REDIS_URL)(
    'shares its Marketo state through REDIS_URL, answers 503 without Redis, and never shows its password',
    async () => {
      const redis = await startTestRedis({ password: 'zz-redis-password-zz' });
      const run = runServer({
        ...BLANK_MARKETO,
        REDIS_URL: redis.url,
        REDIS_PREFIX: redis.prefix,
        LOG_LEVEL: 'debug',
      });
      try {
        const [, url] = await run.waitFor(/Partition Console is ready: (http:\/\/\S+)/);
        const [, password] = await run.waitFor(/Sign in as admin@example\.com.*password: (\S+)\n/);
        const headers = await signIn(url ?? '', 'admin@example.com', password ?? '');
        const status = await fetch(`${url}/api/status`, { headers });
        expect(status.status).toBe(200);
        const statusText = await status.text();
        expect((await fetch(`${url}/api/partitions`, { headers })).status).toBe(200);
        // The token and the partitions were stored in Redis, under the prefix.
        const probe = new Redis(redis.url);
        try {
          expect(
            await probe.exists(`${redis.prefix}token:current`, `${redis.prefix}catalog:partitions`),
          ).toBe(2);
        } finally {
          probe.disconnect();
        }
        await redis.stop();
        const paused = await fetch(`${url}/api/partitions`, { headers });
        expect(paused.status).toBe(503);
        const pausedText = await paused.text();
        expect(JSON.parse(pausedText)).toMatchObject({ error: { code: 'coordination_unavailable' } });
        await run.waitFor(/redis unreachable/);
        for (const text of [statusText, pausedText, run.stdout, run.stderr]) {
          expect(text).not.toContain('zz-redis-password-zz');
        }
      } finally {
        run.kill('SIGKILL');
        await redis.close();
      }
    },
  );

  it('refuses to start against Marketo with no console user and no admin settings, naming both keys', async () => {
    const run = runServer({
      MARKETO_BASE_URL: 'https://123-ABC-456.mktorest.com',
      MARKETO_CLIENT_ID: 'some-client-id',
      MARKETO_CLIENT_SECRET: 'some-client-secret-value',
    });
    expect(await run.exit).toBe(1);
    expect(run.stderr).toContain('CONSOLE_ADMIN_EMAIL');
    expect(run.stderr).toContain('CONSOLE_ADMIN_PASSWORD');
    expect(run.stderr).not.toContain('some-client-secret-value');
  });

  it('refuses partial Marketo settings, naming the missing keys and no values', async () => {
    const run = runServer({
      ...BLANK_MARKETO,
      MARKETO_BASE_URL: 'https://123-ABC-456.mktorest.com',
      MARKETO_CLIENT_SECRET: 'hunter2-secret-value',
    });
    expect(await run.exit).toBe(1);
    expect(run.stderr).toContain('MARKETO_CLIENT_ID is missing');
    expect(run.stderr).not.toContain('hunter2-secret-value');
    expect(run.stderr).not.toContain('123-ABC-456');
  });

  it('names PORT when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const run = runServer({ ...BLANK_MARKETO, PORT: String(port) });
      expect(await run.exit).toBe(1);
      expect(run.stderr).toContain(`PORT ${port} is already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  describe('a console database it cannot write stops the start, naming the file', () => {
    const withFolder = async (body: (folder: string) => Promise<void>) => {
      const folder = mkdtempSync(join(tmpdir(), 'console-start-'));
      try {
        await body(folder);
      } finally {
        chmodSync(folder, 0o700);
        rmSync(folder, { recursive: true, force: true });
      }
    };
    const expectRefused = async (run: Run, file: string) => {
      expect(await run.exit).toBe(1);
      expect(run.stderr).toContain(`The console database ${file} cannot be written`);
      expect(run.stdout).not.toContain('Partition Console is ready');
      expect(run.stdout + run.stderr).not.toContain('emulator-secret-not-for-production');
    };

    it('a full disk: no file may grow (a real file-size limit, SIGXFSZ ignored so writes fail with EFBIG)', async () => {
      await withFolder(async (folder) => {
        const file = join(folder, 'console.sqlite');
        const run = runServer(
          { ...BLANK_MARKETO, CONSOLE_DB_FILE: file },
          { shellPrelude: "trap '' XFSZ; ulimit -f 0" },
        );
        await expectRefused(run, file);
        expect(run.stderr).toMatch(/SQLITE_(IOERR|FULL)/);
      });
    });

    it('a read-only database file', async () => {
      await withFolder(async (folder) => {
        const file = join(folder, 'console.sqlite');
        await (await openConsoleDb({ sqliteFile: file })).close();
        chmodSync(file, 0o444);
        chmodSync(folder, 0o777);
        const run = runServer({ ...BLANK_MARKETO, CONSOLE_DB_FILE: file }, { unprivileged: true });
        await expectRefused(run, file);
      });
    });

    it('a read-only folder', async () => {
      await withFolder(async (folder) => {
        const file = join(folder, 'console.sqlite');
        chmodSync(folder, 0o555);
        const run = runServer({ ...BLANK_MARKETO, CONSOLE_DB_FILE: file }, { unprivileged: true });
        await expectRefused(run, file);
      });
    });
  });

  it('keeps .data 0700 and every database file 0600 under umask 000, also ones an older version left open', async () => {
    const home = mkdtempSync(join(tmpdir(), 'console-modes-'));
    const data = join(home, '.data');
    const consoleDb = join(data, 'console.sqlite');
    const emulatorDb = join(data, 'emulator.sqlite');
    try {
      // As versions before this one left them: a 0755 folder and a 0644 database.
      mkdirSync(data, { mode: 0o755 });
      chmodSync(data, 0o755);
      await (await openConsoleDb({ sqliteFile: consoleDb })).close();
      chmodSync(consoleDb, 0o644);
      const run = runServer(
        { ...BLANK_MARKETO, CONSOLE_DB_FILE: consoleDb, EMULATOR_DB_FILE: emulatorDb },
        { shellPrelude: 'umask 000' },
      );
      try {
        const [, url] = await run.waitFor(/Partition Console is ready: (http:\/\/\S+) /);
        const [, password] = await run.waitFor(/Sign in as admin@example\.com.*password: (\S+)\n/);
        // A sign-in writes (session, audit), so the WAL and shared-memory files exist by now.
        await signIn(url ?? '', 'admin@example.com', password ?? '');
        const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
        expect(mode(data)).toBe('700');
        const files = [consoleDb, emulatorDb].flatMap((db) => [db, `${db}-wal`, `${db}-shm`]);
        expect(Object.fromEntries(files.map((path) => [path, mode(path)]))).toEqual(
          Object.fromEntries(files.map((path) => [path, '600'])),
        );
        run.kill('SIGTERM');
        expect(await run.exit).toBe(0);
      } finally {
        run.kill('SIGKILL');
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
