import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { ReadyResponseSchema } from '../contract/ready';
import { ApiError } from '../http/api-error';
import { READINESS_CHECKS, type Readiness, type ReadinessReport } from '../readiness/readiness';
import { errorResponses } from './route-options';

/** The envelope's code follows the most basic failure: storage, then the upstream, then our own runner. */
function notReady(report: ReadinessReport): ApiError {
  const failing = READINESS_CHECKS.filter((name) => !report[name].ok);
  const code = !report.database.ok
    ? 'storage_unavailable'
    : !report.marketo.ok
      ? 'upstream_unavailable'
      : 'internal';
  return new ApiError(503, code, `Not ready: ${failing.join(', ')}.`, {
    details: failing.map((name) => {
      const result = report[name];
      return { path: name, message: result.ok ? '' : result.why };
    }),
  });
}

/**
 * `GET /api/ready` (readiness). Like `/api/health` it needs no session, answers a probe by IP address and is
 * not counted against the API budget (server/http/host-check.ts, server/auth/request-auth.ts).
 */
export const readyRoutes: FastifyPluginCallbackZod<{ readiness: Readiness }> = (app, { readiness }, done) => {
  app.get(
    '/api/ready',
    {
      schema: { summary: 'Readiness', response: { 200: ReadyResponseSchema, ...errorResponses } },
      config: { rateLimit: false },
    },
    async (request) => {
      const report = await readiness.check();
      if (READINESS_CHECKS.every((name) => report[name].ok)) {
        return { ready: true as const, checks: [...READINESS_CHECKS] };
      }
      const error = notReady(report);
      request.log.warn({ failing: error.extra.details }, 'not ready');
      throw error;
    },
  );
  done();
};
