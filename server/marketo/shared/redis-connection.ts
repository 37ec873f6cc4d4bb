// The one Redis connection a proxy shares its Marketo limits through. Commands fail at once while the link is
// down (no offline queue): a call that cannot be counted must not be sent, and its caller gets a 503 instead of
// waiting. ioredis keeps reconnecting, so calls resume by themselves once Redis is back.
import { Redis } from 'ioredis';

export interface RedisSettings {
  url: string;
  /** Put before every key (REDIS_PREFIX), so several consoles can share one Redis. */
  prefix: string;
}

/** A Redis command that hangs (a stopped server) counts as unreachable after this long. */
const COMMAND_TIMEOUT_MS = 2_000;
const MAX_RECONNECT_DELAY_MS = 1_000;

export function connectRedis(settings: RedisSettings, onError?: (error: Error) => void): Redis {
  const redis = new Redis(settings.url, {
    keyPrefix: settings.prefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 100, MAX_RECONNECT_DELAY_MS),
  });
  // Without a listener ioredis prints every failed reconnect; the owner decides what to log.
  redis.on('error', (error: Error) => onError?.(error));
  return redis;
}

/**
 * Resolves once the connection is ready for commands, or after `timeoutMs` with whether it is: without an offline
 * queue, commands sent before then fail.
 */
export async function whenReady(redis: Redis, timeoutMs = 5_000): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise<boolean>((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}

/** `host:port` of a Redis URL, for logs and status: never its user or password. */
export function redisHost(url: string): string {
  return new URL(url).host;
}
