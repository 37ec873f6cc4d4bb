// A real proxy process (`node --import tsx server/index.ts`, or a build such as dist/server/index.js) for the tests
// and benchmarks that need one: a restart on the same database, the proxy's own memory apart from the emulator's
// and the caller's, or the compiled build under plain `node`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LEAN_HEAP_FLAGS } from '../scripts/lean-heap-flags.mjs';

const root = join(import.meta.dirname, '..');

export interface ProxyProcess {
  url: string;
  pid: number;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exit: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** The proxy from its TypeScript sources, through the tsx loader. */
export const SOURCE_ENTRY: readonly string[] = ['--import', 'tsx', 'server/index.ts'];

/**
 * Starts the proxy with `env` over the current environment (MARKETO_*, CONSOLE_DB_FILE, an admin...), on a free
 * loopback port, serving the API alone; resolves once it prints its ready line. `nodeArgs` are node's arguments
 * (relative to the repository root): the sources by default.
 */
export async function startProxyProcess(
  env: Record<string, string>,
  nodeArgs: readonly string[] = SOURCE_ENTRY,
): Promise<ProxyProcess> {
  // With the heap flags `npm start` gives the server, so memory measured here is what it runs with.
  const child = spawn(process.execPath, [...LEAN_HEAP_FLAGS, ...nodeArgs], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DIST_DIR: 'no-such-dist',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /Partition Console is ready: (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', check);
    void exit.then(() => reject(new Error(`the proxy exited before it was ready:\n${output}`)));
  });
  return {
    url,
    pid: child.pid ?? 0,
    output: () => output,
    exit,
    kill: (signal) => child.kill(signal),
  };
}

/** Signs in over HTTP as a browser would; returns the cookie and CSRF headers for later calls. */
export async function signInOverHttp(
  url: string,
  credentials: { email: string; password: string },
): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: HTTP ${response.status}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}
