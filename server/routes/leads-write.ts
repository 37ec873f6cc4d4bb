import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  LeadWriteRequestSchema,
  LeadWriteResponseSchema,
  MoveLeadsRequestSchema,
  MoveLeadsResponseSchema,
} from '../contract/leads';
import type { LeadWriteResult } from '../contract/leads';
import { badRequest } from '../http/api-error';
import { checkLeadFields, checkPartitionName } from './lead-checks';
import { errorResponses, type RouteOptions } from './route-options';

const NO_ANSWER = { code: 'no_result', message: 'Marketo returned no result for this lead' };

/** `POST /api/leads` (create or update) and `POST /api/leads/partition` (move). */
export const leadWriteRoutes: FastifyPluginCallbackZod<RouteOptions> = (app, { marketo, catalog }, done) => {
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
      const body = request.body;
      const [partitions, fields] = await Promise.all([catalog.partitions(), catalog.fields()]);
      if (body.partitionName !== undefined) checkPartitionName(body.partitionName, partitions);
      checkLeadFields(body, fields);
      const outcomes = await marketo.syncLeads({
        action: body.action,
        lookupField: body.lookupField,
        ...(body.partitionName === undefined ? {} : { partitionName: body.partitionName }),
        input: body.leads,
      });
      // Every lead gets a result even if the client ever returned fewer outcomes than inputs.
      const results: LeadWriteResult[] = body.leads.map((_lead, index) => {
        const outcome = outcomes[index];
        if (!outcome) return { index, status: 'failed', reasons: [NO_ANSWER] };
        return {
          index,
          status: outcome.status,
          ...(outcome.id === undefined ? {} : { id: outcome.id }),
          ...(outcome.reasons && outcome.reasons.length > 0 ? { reasons: outcome.reasons } : {}),
        };
      });
      return { results };
    },
  );

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
      const { ids, partitionName } = request.body;
      const seen = new Set<number>();
      const duplicates = ids.flatMap((id, index) => {
        if (!seen.has(id)) {
          seen.add(id);
          return [];
        }
        return [{ path: `ids.${index}`, message: `Lead ${id} is listed twice` }];
      });
      if (duplicates.length > 0) throw badRequest('Each lead may be moved once per request.', duplicates);
      checkPartitionName(partitionName, await catalog.partitions());
      const outcomes = await marketo.updateLeadPartition(ids.map((id) => ({ id, partitionName })));
      return {
        results: ids.map((id, index) => {
          const outcome = outcomes[index];
          if (!outcome) return { id, status: 'failed' as const, reasons: [NO_ANSWER] };
          return {
            id,
            status: outcome.status,
            ...(outcome.reasons && outcome.reasons.length > 0 ? { reasons: outcome.reasons } : {}),
          };
        }),
      };
    },
  );
  done();
};
