// Runs deploy/nginx.conf for a test, with deploy/nginx-site.conf rendered for a free port and a throwaway
// certificate, in a temporary prefix: nginx in the foreground with its own pid file and error log, stopped by its
// pid.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const DEPLOY = join(import.meta.dirname, '..', '..', 'deploy');

export interface RunningNginx {
  /** `https://localhost:PORT` */
  origin: string;
  port: number;
  /** The throwaway self-signed certificate, for clients to trust. */
  certificate: string;
  /** What nginx logged, for a failing test's message. */
  errorLog(): string;
  stop(): Promise<void>;
}

/** deploy/nginx-site.conf with every `{{NAME}}` replaced; throws on a name left unset. */
export function renderNginxSite(values: Record<string, string>): string {
  return readFileSync(join(DEPLOY, 'nginx-site.conf'), 'utf8').replace(
    /\{\{([A-Z_]+)\}\}/g,
    (_match, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`deploy/nginx-site.conf needs a value for {{${name}}}`);
      return value;
    },
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return { cert, key };
}

export async function startNginx(
  nginxPath: string,
  consoleAt: { port: number; maxUploadMb: number },
): Promise<RunningNginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'pc-nginx-'));
  // nginx's workers drop to an unprivileged user when started as root; they must reach the temp folders.
  chmodSync(prefix, 0o755);
  const { cert, key } = selfSignedCertificate(prefix);
  const port = await freePort();
  copyFileSync(join(DEPLOY, 'nginx.conf'), join(prefix, 'nginx.conf'));
  writeFileSync(
    join(prefix, 'partition-console.conf'),
    renderNginxSite({
      LISTEN: `127.0.0.1:${port}`,
      SERVER_NAME: 'localhost',
      CERT_FILE: cert,
      KEY_FILE: key,
      CONSOLE: `127.0.0.1:${consoleAt.port}`,
      MAX_UPLOAD_MB: String(consoleAt.maxUploadMb),
    }),
  );
  const errorLog = join(prefix, 'error.log');
  const child: ChildProcess = spawn(
    nginxPath,
    ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', errorLog, '-g', 'daemon off;'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const readLog = () => {
    try {
      return readFileSync(errorLog, 'utf8');
    } catch {
      return '';
    }
  };
  for (let tries = 0; !(await accepts(port)); tries += 1) {
    if (child.exitCode !== null || tries > 100) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start:\n${readLog()}`);
    }
    await sleep(50);
  }
  return {
    origin: `https://localhost:${port}`,
    port,
    certificate: readFileSync(cert, 'utf8'),
    errorLog: readLog,
    async stop() {
      // SIGQUIT: a graceful stop of the master and its workers.
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
