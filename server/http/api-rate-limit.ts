// The console's own request budget. A runaway browser tab must not burn Marketo's shared rate budget; this caps
// the console's own API per client address. The SPA's files are not API calls: one page load fetches some 25 of
// them, and counting those locked a user out after two dozen page loads a minute.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { ApiError } from './api-error';

export interface ApiRateLimitOptions {
  perMinute: number;
  /** REDIS_URL's connection: every replica counts into one budget per client. Without it, per process. */
  redis?: Redis;
}

/** The matched route, as the session check reads it: `/%61pi/leads` is routed to /api/leads and counted. */
function isApiCall(request: FastifyRequest): boolean {
  return (request.routeOptions.url ?? request.url).startsWith('/api/');
}

export async function registerApiRateLimit(
  app: FastifyInstance,
  { perMinute, redis }: ApiRateLimitOptions,
): Promise<void> {
  // Redis unreachable: requests go uncounted rather than refused. Deliberately: this budget only guards Marketo
  // against a runaway tab, and with Redis down every Marketo call is paused anyway (503 coordination_unavailable,
  // server/marketo/shared/coordination-error.ts) and sign-in fails closed (server/auth/redis-sign-in-limiter.ts);
  // refusing here as well would also turn away sign-out and reads of the console's own database.
  const uncounted = (request: FastifyRequest) =>
    !isApiCall(request) || (redis !== undefined && redis.status !== 'ready');
  await app.register(rateLimit, {
    max: perMinute,
    allowList: uncounted,
    timeWindow: 60_000,
    // The connection's own key prefix (REDIS_PREFIX) comes first; a command that fails midway is skipped too.
    ...(redis ? { redis, nameSpace: 'api-rate-limit:', skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) =>
      new ApiError(429, 'rate_limited', 'Too many requests to the console; slow down.', {
        retryAt: new Date(Date.now() + context.ttl),
      }),
  });
}
