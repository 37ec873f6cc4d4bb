// `npm run cluster`: the console as several replicas would run it for a team, all throwaway and on free ports:
// PostgreSQL and Redis (the test harnesses), the Marketo emulator, three console replicas sharing DATABASE_URL and
// REDIS_URL, and Debian's nginx round-robin in front with TLS (deploy/nginx-cluster.conf). Prints one URL and the
// sign-in; Ctrl-C stops everything it started. A developer tool (tsx and the harnesses are dev dependencies).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, fetch } from 'undici';
import { startEmulator } from '../server/emulator/index';
import { findOrInstall } from '../server/deploy/debian-package';
import { startProxyProcess, type ProxyProcess } from '../server/proxy-process';
import { createTestDatabase, startTestPostgres } from '../server/testing/postgres-server';
import { startTestRedis } from '../server/testing/redis-server';

const REPLICAS = 3;
const ADMIN_EMAIL = 'admin@example.com';
const DEPLOY = join(import.meta.dirname, '..', 'deploy');

let stopping = false;

/** Everything started, stopped in reverse order on Ctrl-C or on a failed start. */
const stops: { name: string; stop: () => Promise<unknown> }[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '7', '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert],
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return { cert, key };
}

function renderClusterSite(values: Record<string, string>): string {
  return readFileSync(join(DEPLOY, 'nginx-cluster.conf'), 'utf8').replace(
    /\{\{([A-Z_0-9]+)\}\}/g,
    (_match, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`deploy/nginx-cluster.conf needs a value for {{${name}}}`);
      return value;
    },
  );
}

async function startNginx(nginx: string, replicas: ProxyProcess[]) {
  const prefix = mkdtempSync(join(tmpdir(), 'pc-nginx-cluster-'));
  chmodSync(prefix, 0o755); // nginx's workers drop to an unprivileged user when started as root
  const { cert, key } = selfSignedCertificate(prefix);
  const port = await freePort();
  copyFileSync(join(DEPLOY, 'nginx.conf'), join(prefix, 'nginx.conf'));
  const consoles = Object.fromEntries(
    replicas.map((replica, i) => [`CONSOLE_${i + 1}`, new URL(replica.url).host]),
  );
  writeFileSync(
    join(prefix, 'partition-console.conf'),
    renderClusterSite({
      LISTEN: `127.0.0.1:${port}`,
      SERVER_NAME: 'localhost',
      CERT_FILE: cert,
      KEY_FILE: key,
      MAX_UPLOAD_MB: '100',
      ...consoles,
    }),
  );
  const child: ChildProcess = spawn(
    nginx,
    ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log'), '-g', 'daemon off;'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `https://localhost:${port}`;
  const ca = readFileSync(cert, 'utf8');
  const agent = new Agent({ connect: { ca } });
  for (let tries = 0; ; tries += 1) {
    const ok = await fetch(`${origin}/api/health`, { dispatcher: agent }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || tries > 100) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start:\n${readFileSync(join(prefix, 'error.log'), 'utf8')}`);
    }
    await sleep(100);
  }
  return {
    origin,
    agent,
    certFile: cert,
    upstreamLog: join(prefix, 'partition-console-upstreams.log'),
    async stop() {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
      await agent.close();
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** One console replica: its fixed settings (port included) and the process running now, if any. */
interface Replica {
  number: number;
  env: Record<string, string>;
  process: ProxyProcess | undefined;
}

async function startReplica(replica: Replica): Promise<void> {
  const running = await startProxyProcess(replica.env);
  replica.process = running;
  void running.exit.then((code) => {
    if (stopping || replica.process !== running) return;
    replica.process = undefined;
    const how = code === null ? 'killed by a signal' : `exited with code ${code}`;
    console.log(
      `replica ${replica.number} (pid ${running.pid}) ${how}; type ${replica.number} and Enter to start it again`,
    );
  });
}

async function stopReplica(replica: Replica): Promise<void> {
  const running = replica.process;
  if (!running) return;
  running.kill('SIGTERM');
  await running.exit;
}

/** A line with a stopped replica's number starts it again, on its port, with its settings. */
function watchForRestarts(replicas: readonly Replica[]): void {
  const lines = createInterface({ input: process.stdin });
  stops.push({ name: 'keyboard', stop: () => Promise.resolve(lines.close()) });
  lines.on('line', (line) => {
    const replica = replicas.find(({ number }) => String(number) === line.trim());
    if (!replica) return;
    if (replica.process) {
      console.log(`replica ${replica.number} is running (pid ${replica.process.pid})`);
      return;
    }
    startReplica(replica).then(
      () =>
        console.log(
          `replica ${replica.number} started again: ${replica.process?.url} (pid ${replica.process?.pid})`,
        ),
      (error: unknown) =>
        console.error(
          `replica ${replica.number} did not start:`,
          error instanceof Error ? error.message : error,
        ),
    );
  });
}

async function main(): Promise<void> {
  const nginxBinary = findOrInstall('/usr/sbin/nginx', 'nginx');
  if ('missing' in nginxBinary) throw new Error(nginxBinary.missing);

  const postgres = await startTestPostgres();
  stops.push({ name: 'PostgreSQL', stop: () => postgres.stop() });
  const databaseUrl = await createTestDatabase(postgres.url);
  const redis = await startTestRedis();
  stops.push({ name: 'Redis', stop: () => redis.close() });
  const emulator = await startEmulator({ port: 0 });
  stops.push({ name: 'emulator', stop: () => emulator.close() });

  const dataDir = mkdtempSync(join(tmpdir(), 'pc-cluster-'));
  stops.push({
    name: 'data folder',
    stop: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
  });
  const password = randomBytes(12).toString('base64url');
  const shared = {
    MARKETO_BASE_URL: emulator.origin,
    MARKETO_CLIENT_ID: emulator.clientId,
    MARKETO_CLIENT_SECRET: emulator.clientSecret,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    CONSOLE_ADMIN_EMAIL: ADMIN_EMAIL,
    CONSOLE_ADMIN_PASSWORD: password,
    TRUST_PROXY: '1',
    DIST_DIR: 'dist/web',
    LOG_LEVEL: 'warn',
  };
  const replicas: Replica[] = [];
  for (let i = 1; i <= REPLICAS; i += 1) {
    // Each replica keeps its port, so one killed by hand comes back where nginx expects it.
    const replica: Replica = {
      number: i,
      env: {
        ...shared,
        PORT: String(await freePort()),
        CONSOLE_DB_FILE: join(dataDir, `replica-${i}.sqlite`),
      },
      process: undefined,
    };
    await startReplica(replica);
    replicas.push(replica);
    stops.push({ name: `replica ${i}`, stop: () => stopReplica(replica) });
  }
  watchForRestarts(replicas);

  const nginx = await startNginx(
    nginxBinary.path,
    replicas.map((replica) => replica.process!),
  );
  stops.push({ name: 'nginx', stop: () => nginx.stop() });

  // Six health checks through nginx: round robin sends two to each replica.
  for (let i = 0; i < 2 * REPLICAS; i += 1)
    await fetch(`${nginx.origin}/api/health`, { dispatcher: nginx.agent });
  await sleep(200); // nginx writes its access log after answering
  const answeredBy = new Map<string, number>();
  for (const line of readFileSync(nginx.upstreamLog, 'utf8')
    .trim()
    .split('\n')
    .slice(-2 * REPLICAS)) {
    const upstream = line.split(' ').at(-1) ?? '?';
    answeredBy.set(upstream, (answeredBy.get(upstream) ?? 0) + 1);
  }

  console.log(`
Partition Console, ${REPLICAS} replicas behind nginx:  ${nginx.origin}
  Sign in as ${ADMIN_EMAIL} with password ${password}
  (a throwaway certificate: accept it in the browser, or trust ${nginx.certFile})

  replicas:   ${replicas.map(({ process }) => `${process!.url} (pid ${process!.pid})`).join(', ')}
  last ${2 * REPLICAS} /api/health answered by: ${[...answeredBy].map(([at, n]) => `${at} ×${n}`).join(', ')}
  PostgreSQL: ${databaseUrl}
  Redis:      ${redis.url}
  Marketo:    ${emulator.origin} (emulator)
${existsSync('dist/web') ? '' : '\n  The pages are not built (dist/web is missing): run `npm run build` for them; the API works.\n'}
Try a failover: \`kill -9\` one replica's pid; nginx sends its requests to the others, and sessions, uploads
and imports carry on there. Type the replica's number (1-${REPLICAS}) and Enter to start it again.
Ctrl-C stops everything.`);
}

async function stopAll(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const { name, stop } of stops.reverse()) {
    await stop().catch((error: unknown) => console.error(`Stopping ${name} failed:`, error));
  }
}

process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));
main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await stopAll();
  process.exit(1);
});
