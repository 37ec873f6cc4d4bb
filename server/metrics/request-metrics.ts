// Request duration by route and status. The route is the matched pattern (`/api/leads/:id`), never the raw URL:
// ids, typos and probes would each make a new series.
import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

/** What a request that matched no route is counted under (the SPA's pages and files, 404s). */
export const UNMATCHED_ROUTE = '(unmatched)';

export function registerRequestMetrics(app: FastifyInstance, registry: Registry): void {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer a request to the console, by method, matched route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}
