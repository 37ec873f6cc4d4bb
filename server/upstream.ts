// Picks and starts the upstream the proxy talks to: the configured Marketo instance, or, with no Marketo
// settings, the emulator started in-process on loopback. Either way the proxy speaks HTTP to it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config/config';
import { StartupError } from './startup-error';
import { MarketoCatalog } from './marketo/catalog';
import { MarketoClient } from './marketo/client';
import type { AttemptObserver } from './marketo/observer';
import type { QuotaState } from './marketo/quota-state';
import { processCoordination } from './marketo/coordination';
import { startRedisCoordination } from './marketo/shared/redis-coordination';

export interface Upstream {
  mode: 'emulator' | 'marketo';
  /** Host and port only, for logs and `/api/status`. */
  instance: string;
  marketo: MarketoClient;
  catalog: MarketoCatalog;
  /** Where a 607 is remembered: shared by every replica with REDIS_URL. */
  quotaState: QuotaState;
  /** REDIS_URL's connection (closed by `close`), for what else the replicas share; none without REDIS_URL. */
  redis: Redis | undefined;
  /** Waits for the client's in-flight calls, then stops the emulator if we started one. */
  close(): Promise<void>;
}

/**
 * @param secrets receives the client secret in use (also the emulator's), so the log scrubber can blank it.
 * @param onAttempt told how every attempt to Marketo came back (server/metrics/marketo-metrics.ts).
 */
export async function startUpstream(
  config: Config,
  logger: Logger,
  secrets: string[],
  onAttempt?: AttemptObserver,
): Promise<Upstream> {
  let settings = config.marketo;
  let stopEmulator = async () => {};
  if (settings === null) {
    // Loaded only here, so a production start against Marketo never loads SQLite.
    const { startEmulator } = await import('./emulator/index');
    if (config.emulatorDbFile !== ':memory:') mkdirSync(dirname(config.emulatorDbFile), { recursive: true });
    const emulator = await startEmulator({
      host: '127.0.0.1',
      port: config.emulatorPort,
      dbFile: config.emulatorDbFile,
    }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new StartupError(`EMULATOR_PORT ${config.emulatorPort} is already in use; set another or 0.`);
      }
      throw error;
    });
    settings = { baseUrl: emulator.origin, clientId: emulator.clientId, clientSecret: emulator.clientSecret };
    stopEmulator = () => emulator.close();
  }
  secrets.push(settings.clientSecret);
  const mode = config.marketo === null ? 'emulator' : 'marketo';
  const instance = new URL(settings.baseUrl).host;
  // With REDIS_URL, the budget, token and catalog are shared by every replica. Its password, if any, is a secret.
  const redisPassword = config.redis ? decodeURIComponent(new URL(config.redis.url).password) : '';
  if (redisPassword) secrets.push(redisPassword);
  const shared = config.redis
    ? await startRedisCoordination(config.redis, logger.child({ component: 'redis' }))
    : undefined;
  const coordination = shared ?? processCoordination;
  const marketo = new MarketoClient({
    baseUrl: settings.baseUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    callsPer20s: config.rateBudget.callsPer20s,
    maxConcurrent: config.rateBudget.maxConcurrent,
    logger: logger.child({ component: 'marketo' }),
    onAttempt,
    coordination,
  });
  const catalog = new MarketoCatalog(marketo, { ttlMs: config.catalogTtlMs, store: coordination.cacheStore });
  logger.info({ mode, instance, rateBudget: config.rateBudget }, `upstream: ${mode} at ${instance}`);
  return {
    mode,
    instance,
    marketo,
    catalog,
    quotaState: coordination.quotaState(),
    redis: shared?.redis,
    async close() {
      await marketo.close();
      await coordination.close();
      await stopEmulator();
    },
  };
}
