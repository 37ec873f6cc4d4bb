// `GET /api/leads/:id/history`: the lead's partition timeline (server/leads/lead-history.ts), loaded only when the
// lead page's History section is opened, so opening a lead still costs one upstream call.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  HISTORY_DEFAULT_DAYS,
  LeadHistoryQuerySchema,
  LeadHistoryResponseSchema,
} from '../contract/lead-history';
import { LeadIdParamsSchema } from '../contract/leads';
import { currentUser } from '../auth/request-auth';
import { processCacheStore } from '../marketo/catalog';
import { leadHistory, type LeadHistoryDeps } from '../leads/lead-history';
import { errorResponses, type RouteOptions } from './route-options';

/** Activity types change about as rarely as partitions; the catalog keeps those for 10 minutes too. */
const ACTIVITY_TYPES_TTL_MS = 10 * 60_000;

export const leadHistoryRoutes: FastifyPluginCallbackZod<RouteOptions> = (
  app,
  { marketo, catalog, access },
  done,
) => {
  const deps: LeadHistoryDeps = {
    marketo,
    catalog,
    activityTypes: processCacheStore.cache(
      'activityTypes',
      () => marketo.getActivityTypes(),
      ACTIVITY_TYPES_TTL_MS,
      access.now,
    ),
    audit: access.audit,
    now: access.now,
  };
  app.get(
    '/api/leads/:id/history',
    {
      schema: {
        summary: "A lead's partition changes: when, from where to where, and which console user",
        params: LeadIdParamsSchema,
        querystring: LeadHistoryQuerySchema,
        response: { 200: LeadHistoryResponseSchema, ...errorResponses },
      },
    },
    async (request) =>
      leadHistory(deps, currentUser(request), request.params.id, request.query.days ?? HISTORY_DEFAULT_DAYS),
  );
  done();
};
