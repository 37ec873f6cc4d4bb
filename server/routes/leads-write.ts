import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { LeadWriteRequestSchema, LeadWriteResponseSchema } from '../contract/leads';
import { requireRole } from '../auth/access';
import { currentUser } from '../auth/request-auth';
import { writeLeads } from '../leads/write-leads';
import { errorResponses, type RouteOptions } from './route-options';

/** `POST /api/leads`: create or update 1 to 1,000 leads, within the user's partitions only. */
export const leadWriteRoutes: FastifyPluginCallbackZod<RouteOptions> = (
  app,
  { marketo, catalog, access },
  done,
) => {
  app.post(
    '/api/leads',
    {
      schema: {
        summary: 'Create or update 1 to 1,000 leads; one result per lead, in order',
        body: LeadWriteRequestSchema,
        response: { 200: LeadWriteResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      requireRole(user, 'editor');
      const deps = { marketo, catalog, audit: access.audit, log: request.log };
      return { results: await writeLeads(deps, user, request.body) };
    },
  );
  done();
};
