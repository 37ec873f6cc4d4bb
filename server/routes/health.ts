import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { HealthResponseSchema, StatusResponseSchema } from '../contract/status';
import { currentUser } from '../auth/request-auth';
import { errorResponses, type RouteOptions } from './route-options';

/** `GET /api/health` (liveness, never calls Marketo) and `GET /api/status` (mode, budget, quota). */
export const healthRoutes: FastifyPluginCallbackZod<RouteOptions> = (
  app,
  { config, marketo, usage },
  done,
) => {
  app.get(
    '/api/health',
    {
      schema: { summary: 'Liveness', response: { 200: HealthResponseSchema, ...errorResponses } },
      // A load balancer probes on its own schedule; its probes must neither be refused nor use up the budget
      // the console's users share (server/http/security.ts).
      config: { rateLimit: false },
    },
    () => ({ ok: true as const }),
  );

  app.get(
    '/api/status',
    {
      schema: {
        summary: 'Upstream mode, rate budget and daily quota (never a credential)',
        response: { 200: StatusResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      currentUser(request);
      return {
        mode: config.mode,
        instance: config.instance,
        rateBudget: marketo.rateBudget(),
        usage: await usage.snapshot(),
      };
    },
  );
  done();
};
