// Process entry: environment → config → logger → upstream (Marketo, or the emulator in-process) → the console's
// database (on PostgreSQL, this replica's heartbeat beside the others) and its first accounts → app → listen.
// Owns signals and graceful shutdown: the proxy stops taking requests and lets in-flight ones (writes
// included) finish, then the import runner stores its chunk in flight, then the Marketo client drains, then the
// emulator stops.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { buildApp, type App } from './app';
import { createAccess } from './auth/access-deps';
import { bootstrapAccounts, demoSignInText } from './auth/bootstrap';
import type { ConsoleDb } from './store/kysely';
import { openWritableConsoleDb } from './store/open-writable';
import { RetentionSchedule } from './store/retention-schedule';
import { ConfigError, loadConfig, type Config } from './config/config';
import { loadDotEnv } from './config/dotenv';
import { allowedHostNames } from './http/host-check';
import { ImportRunner } from './imports/runner';
import { ConsoleMetrics } from './metrics/console-metrics';
import { listenForMetrics } from './metrics/metrics-server';
import { Readiness } from './readiness/readiness';
import { joinReplicas, type ReplicaHeartbeat } from './replicas/heartbeat';
import { createLogger } from './logger';
import { keepHeapNearLive } from './lean-heap';
import { StartupError } from './startup-error';
import { startUpstream, type Upstream } from './upstream';

/** The one line a person reads: where to open the console, and what it talks to. */
function readyLine(url: string, upstream: Upstream): string {
  const target =
    upstream.mode === 'emulator' ? 'emulator mode: no MARKETO_* settings' : `Marketo: ${upstream.instance}`;
  return `Partition Console is ready: ${url}  (${target})`;
}

function openableUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

function readConfig(): Config {
  try {
    loadDotEnv();
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function listen(app: App, config: Config): Promise<number> {
  try {
    await app.listen({ host: config.host, port: config.port, listenTextResolver: () => 'proxy listening' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartupError(
        `PORT ${config.port} is already in use on ${config.host}; stop the other program or set PORT.`,
      );
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') {
      throw new StartupError(`HOST ${config.host} is not an address of this machine; check HOST.`);
    }
    throw error;
  }
  const address = app.server.address();
  return typeof address === 'object' && address !== null ? address.port : config.port;
}

function installShutdown(
  app: App,
  runner: ImportRunner,
  retention: RetentionSchedule,
  upstream: Upstream,
  db: ConsoleDb,
  heartbeat: ReplicaHeartbeat | undefined,
  logger: Logger,
  timeoutMs: number,
): void {
  let firstSignalAt = 0;
  const shutdown = async (reason: string) => {
    const now = Date.now();
    if (firstSignalAt !== 0) {
      // A terminal's Ctrl+C reaches us and the start script (which forwards it) at once: ignore the echo.
      if (now - firstSignalAt < 1000) return;
      logger.warn({ reason }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    firstSignalAt = now;
    logger.info({ reason }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    force.unref();
    try {
      await app.close();
      // Before the Marketo client closes: the chunk in flight gets its answer and is stored, so a restart has
      // nothing to reconcile.
      await runner.stop();
      await retention.stop();
      await upstream.close();
      await heartbeat?.stop();
      await db.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
  // Started by scripts/start.mjs: if it goes away, do not linger as an orphan holding the port.
  process.on('disconnect', () => void shutdown('parent exited'));
}

async function main(): Promise<void> {
  // Before anything is written: databases, journals and uploads are for this account only, whatever umask
  // started us (server/store/private-files.ts also sets the modes of files that already exist).
  process.umask(0o077);
  keepHeapNearLive();
  const config = readConfig();
  const secrets: string[] = [];
  const logger = createLogger({ level: config.logLevel, secrets });
  if (config.admin) secrets.push(config.admin.password);
  if (config.metrics.token) secrets.push(config.metrics.token);
  if (config.oidc) secrets.push(config.oidc.clientSecret);
  // DATABASE_URL's password, scrubbed from every log line as the other secrets are.
  const databasePassword = config.databaseUrl ? decodeURIComponent(new URL(config.databaseUrl).password) : '';
  if (databasePassword) secrets.push(databasePassword);
  // Only when asked for (METRICS_PORT or METRICS_TOKEN): otherwise nothing is timed or counted.
  const metrics =
    config.metrics.port !== null || config.metrics.token !== null
      ? new ConsoleMetrics(config.session)
      : undefined;
  const upstream = await startUpstream(config, logger, secrets, metrics?.onMarketoAttempt);
  // REDIS_URL's one connection: the sign-in limits and the API budget are shared by the replicas too.
  const { redis } = upstream;
  let db: ConsoleDb;
  try {
    db = await openWritableConsoleDb(
      config.databaseUrl ? { postgresUrl: config.databaseUrl } : { sqliteFile: config.consoleDbFile },
      Date.now(),
    );
  } catch (error) {
    await upstream.close();
    throw error;
  }
  // Named in this replica's heartbeat and in the leases of the import chunks it sends.
  const replicaId = randomUUID();
  let heartbeat: ReplicaHeartbeat | undefined;
  let demo: boolean;
  let access: ReturnType<typeof createAccess>;
  let runner: ImportRunner;
  try {
    // One process serves a SQLite file; on PostgreSQL others may be running, and must share Redis with this one.
    heartbeat =
      db.dialect === 'postgres'
        ? await joinReplicas(
            db,
            { id: replicaId, host: hostname(), pid: process.pid, sharesRedis: config.redis !== null },
            logger.child({ component: 'replicas' }),
          )
        : undefined;
    access = createAccess(db, { session: config.session, redis });
    ({ demo } = await bootstrapAccounts({
      users: access.users,
      mode: upstream.mode,
      admin: config.admin,
      passwordParams: access.passwordParams,
    }));
    runner = new ImportRunner({
      db,
      marketo: upstream.marketo,
      bulkImport: upstream.marketo.bulkImport,
      catalog: upstream.catalog,
      access,
      logger: logger.child({ component: 'imports' }),
      now: access.now,
      reservedCalls: config.imports.reservedCalls,
      leaseMs: config.imports.leaseMs,
      bulkPoll: config.imports.bulkPoll,
      replicaId,
    });
  } catch (error) {
    await upstream.close();
    await heartbeat?.stop();
    await db.close();
    throw error;
  }
  const app = await buildApp({
    config: {
      mode: upstream.mode,
      instance: upstream.instance,
      usageTtlMs: config.usageTtlMs,
      apiRateLimitPerMinute: config.apiRateLimitPerMinute,
      maxBodyBytes: config.maxBodyBytes,
      allowedHosts: allowedHostNames(config.host, config.allowedHosts),
      trustProxy: config.trustProxy,
      timeouts: config.timeouts,
      metricsToken: config.metrics.token,
      oidc: config.oidc,
      passwordSignIn: config.passwordSignIn,
    },
    marketo: upstream.marketo,
    catalog: upstream.catalog,
    access,
    logger,
    imports: { db, runner, maxBytes: config.imports.maxBytes, bulkMinRows: config.imports.bulkMinRows },
    distDir: config.distDir,
    readiness: new Readiness({ db, runner, marketo: upstream.marketo }),
    metrics,
    redis,
    quotaState: upstream.quotaState,
  });
  let port: number;
  try {
    port = await listen(app, config);
    const { port: metricsPort, ...metricsSettings } = config.metrics;
    if (metrics && metricsPort !== null)
      await listenForMetrics(metrics, { port: metricsPort, ...metricsSettings }, logger);
  } catch (error) {
    await upstream.close();
    await heartbeat?.stop();
    await db.close();
    throw error;
  }
  const retention = new RetentionSchedule(
    { db, audit: access.audit, now: access.now, policy: config.retention },
    logger.child({ component: 'retention' }),
  );
  installShutdown(app, runner, retention, upstream, db, heartbeat, logger, config.shutdownTimeoutMs);
  // Only once the proxy answers: a job left running by the last process resumes now.
  runner.start();
  // At start and then daily (IMPORT_RETENTION_DAYS, AUDIT_RETENTION_DAYS), a page at a time beside the requests.
  retention.start();
  if (!['127.0.0.1', '::1', 'localhost'].includes(config.host) && demo) {
    // Demo accounts share a published password: fine on loopback, not for anyone on the network.
    logger.warn(
      { host: config.host },
      'listening beyond loopback in emulator mode: the demo accounts have a published password',
    );
  }
  const url = openableUrl(config.host, port);
  logger.info({ mode: upstream.mode, instance: upstream.instance, port }, 'ready');
  const line = readyLine(url, upstream);
  const signIn = demo ? demoSignInText() : 'Sign in with your console account (an admin adds users).';
  // Under scripts/start.mjs the parent prints the lines (after its own build output); alone, we print them.
  if (process.send) process.send({ type: 'partition-console:ready', url, line, signIn });
  else console.log(`${line}\n${signIn}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError ? error.message : error);
  process.exit(1);
});
