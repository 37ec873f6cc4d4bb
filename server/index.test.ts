// The process entry as a user meets it: one ready line with one URL, config errors that name keys only, a
// clear message when PORT is taken, and a clean exit on SIGTERM.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from './emulator/index';

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

function runServer(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
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
});
