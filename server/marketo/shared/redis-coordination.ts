// The client's coordination through one Redis, so every replica shares one Marketo instance's limits.
import type { Redis } from 'ioredis';
import type { MarketoCoordination } from '../coordination';
import type { MarketoLogger } from '../request-runner';
import { connectRedis, redisHost, whenReady, type RedisSettings } from './redis-connection';
import { RedisCacheStore } from './shared-cache';
import { SharedQuotaState } from './shared-quota';
import { SharedRateBudget } from './shared-budget';
import { SharedTokenManager } from './shared-token';

/**
 * Connects and waits (a few seconds at most) for Redis to answer. Logs when the link goes down and comes back,
 * once each way, by host only: the URL may hold a password.
 */
export async function startRedisCoordination(
  settings: RedisSettings,
  logger?: MarketoLogger,
): Promise<MarketoCoordination & { redis: Redis }> {
  const host = redisHost(settings.url);
  let down = false;
  const redis = connectRedis(settings, (error) => {
    if (down) return;
    down = true;
    logger?.warn({ host, err: error.message }, 'redis unreachable: calls to Marketo are paused');
  });
  redis.on('ready', () => {
    if (down) logger?.info({ host }, 'redis reachable again: calls to Marketo resume');
    down = false;
  });
  if (await whenReady(redis))
    logger?.info({ host }, 'sharing the Marketo budget, token and caches through redis');
  return {
    // The proxy's one connection: the sign-in limits and the API budget share it (server/index.ts).
    redis,
    budget: (options) => new SharedRateBudget(redis, options),
    tokens: (options) => new SharedTokenManager(redis, options),
    cacheStore: new RedisCacheStore(redis),
    quotaState: () => new SharedQuotaState(redis),
    async close() {
      // QUIT lets commands already sent finish; if Redis is away there is nothing to wait for.
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
