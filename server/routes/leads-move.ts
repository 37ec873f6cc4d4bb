import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { MoveLeadsRequestSchema, MoveLeadsResponseSchema } from '../contract/leads';
import { requireRole } from '../auth/access';
import { currentUser } from '../auth/request-auth';
import { moveLeads } from '../leads/move-leads';
import { errorResponses, type RouteOptions } from './route-options';

/** `POST /api/leads/partition`: move leads; the user needs grants on the target and on each lead's partition. */
export const leadMoveRoutes: FastifyPluginCallbackZod<RouteOptions> = (
  app,
  { marketo, catalog, access },
  done,
) => {
  app.post(
    '/api/leads/partition',
    {
      // 1,000 ids fit in about 11 kB; nothing bigger is a move.
      bodyLimit: 64 * 1024,
      schema: {
        summary: 'Move leads to another partition; one result per id, in order',
        body: MoveLeadsRequestSchema,
        response: { 200: MoveLeadsResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      requireRole(user, 'editor');
      const { ids, partitionName } = request.body;
      const deps = { marketo, catalog, audit: access.audit, log: request.log };
      return { results: await moveLeads(deps, user, ids, partitionName) };
    },
  );
  done();
};
