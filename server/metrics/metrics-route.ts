// `/metrics` on the console's own port: only when METRICS_TOKEN is set, and only for a request bearing it. The
// public port never serves metrics without a token (server/metrics/metrics-server.ts is the loopback listener).
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/api-error';
import { bearerMatches } from './bearer';
import type { ConsoleMetrics } from './console-metrics';

export function registerMetricsRoute(app: FastifyInstance, metrics: ConsoleMetrics, token: string): void {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!bearerMatches(request.headers.authorization, token)) {
      throw new ApiError(401, 'unauthenticated', 'Send the metrics token as a Bearer token.', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    const { contentType, text } = await metrics.exposition();
    return reply.type(contentType).send(text);
  });
}
