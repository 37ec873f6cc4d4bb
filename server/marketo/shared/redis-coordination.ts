// The client's coordination through one Redis, so every replica shares one Marketo instance's limits.
import type { MarketoCoordination } from '../coordination';
import { connectRedis, type RedisSettings } from './redis-connection';
import { RedisCacheStore } from './shared-cache';
import { SharedRateBudget } from './shared-budget';
import { SharedTokenManager } from './shared-token';

export function redisCoordination(
  settings: RedisSettings,
  onError?: (error: Error) => void,
): MarketoCoordination {
  const redis = connectRedis(settings, onError);
  return {
    budget: (options) => new SharedRateBudget(redis, options),
    tokens: (options) => new SharedTokenManager(redis, options),
    cacheStore: new RedisCacheStore(redis),
    async close() {
      // QUIT lets commands already sent finish; if Redis is away there is nothing to wait for.
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
