import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  LeadFieldsQuerySchema,
  LeadIdParamsSchema,
  LeadResponseSchema,
  LeadSearchQuerySchema,
  LeadsResponseSchema,
} from '../contract/leads';
import { notFound } from '../http/api-error';
import { sendAsBuilt } from '../http/built-json';
import { isGranted, partitionIdOf } from '../auth/access';
import { currentUser } from '../auth/request-auth';
import { fieldsToRequest, toLead } from './lead-view';
import { errorResponses, type RouteOptions } from './route-options';

/** `GET /api/leads/:id` and `GET /api/leads?email=`: one upstream call each once partitions are cached. */
export const leadReadRoutes: FastifyPluginCallbackZod<RouteOptions> = (app, { marketo, catalog }, done) => {
  app.get(
    '/api/leads/:id',
    {
      schema: {
        summary: 'One lead with its partition',
        params: LeadIdParamsSchema,
        querystring: LeadFieldsQuerySchema,
        response: { 200: LeadResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { requested, upstream } = fieldsToRequest(request.query.fields);
      // Both in parallel: the partitions list is almost always cached, and the lead call is the one that counts.
      const [lead, partitions] = await Promise.all([
        marketo.getLeadById(request.params.id, upstream),
        catalog.partitions(),
      ]);
      // A lead out of the user's partitions gets exactly the answer of a lead that does not exist.
      const partitionId = lead && partitionIdOf(lead.leadPartitionId);
      if (!lead || partitionId === undefined || !isGranted(user, partitionId)) {
        throw notFound(`No lead has id ${request.params.id}.`);
      }
      // Opening a lead is the console's hottest read (scripts/bench/proxy-overhead.ts).
      sendAsBuilt(reply);
      return { lead: toLead(lead, requested, partitions) };
    },
  );

  app.get(
    '/api/leads',
    {
      schema: {
        summary: 'Leads with this email address, in the partitions the user is granted',
        querystring: LeadSearchQuerySchema,
        response: { 200: LeadsResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { requested, upstream } = fieldsToRequest(request.query.fields);
      const [leads, partitions] = await Promise.all([
        marketo.getLeadsByFilter('email', [request.query.email], upstream),
        catalog.partitions(),
      ]);
      const visible = leads.filter((lead) => {
        const partitionId = partitionIdOf(lead.leadPartitionId);
        return partitionId !== undefined && isGranted(user, partitionId);
      });
      return { leads: visible.map((lead) => toLead(lead, requested, partitions)) };
    },
  );
  done();
};
