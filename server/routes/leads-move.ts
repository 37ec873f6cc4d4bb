import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { MoveLeadsRequestSchema, MoveLeadsResponseSchema, type MoveLeadsResponse } from '../contract/leads';
import { badRequest } from '../http/api-error';
import { grantedPartitions, requireRole, seesAllPartitions } from '../auth/access';
import { currentUser } from '../auth/request-auth';
import { actor } from '../auth/user-view';
import { overallOutcome, requestIdOf, auditReason } from '../audit/outcome';
import type { PartitionMoveOutcome } from '../marketo/types';
import { checkGrantedPartitionName } from './lead-checks';
import { LEAD_NOT_FOUND, reachableLeads } from './lead-access';
import { auditRefusal } from './refused-write';
import { errorResponses, type RouteOptions } from './route-options';

const NO_ANSWER = { code: 'no_result', message: 'Marketo returned no result for this lead' };

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
      const seen = new Set<number>();
      const duplicates = ids.flatMap((id, index) => {
        if (!seen.has(id)) {
          seen.add(id);
          return [];
        }
        return [{ path: `ids.${index}`, message: `Lead ${id} is listed twice` }];
      });
      if (duplicates.length > 0) throw badRequest('Each lead may be moved once per request.', duplicates);
      const partitions = await catalog.partitions();
      const granted = grantedPartitions(user, partitions);
      auditRefusal(access.audit, user, 'lead.move', partitionName, `move of ${ids.length} lead(s)`, () =>
        checkGrantedPartitionName(partitionName, partitions, granted, seesAllPartitions(user)),
      );
      const nameOf = (id: number) => partitions.find((partition) => partition.id === id)?.name ?? String(id);
      const audit = {
        user: actor(user),
        action: 'lead.move' as const,
        leadIds: ids,
        summary: `move ${ids.length} lead(s) to ${partitionName}`,
      };
      let outcomes: (PartitionMoveOutcome | undefined)[];
      let sources: string[] = [];
      let requestIds: string[];
      try {
        // Also for users granted everything: the trail records where each lead came from.
        const reachable = await reachableLeads(user, marketo, ids);
        sources = [...new Set([...reachable.values()].map(nameOf))];
        const everything = user.partitions === 'all';
        const sendIds = everything ? ids : ids.filter((id) => reachable.has(id));
        const traced =
          sendIds.length === 0
            ? { outcomes: [], requestIds: [] }
            : await marketo.updateLeadPartitionTraced(sendIds.map((id) => ({ id, partitionName })));
        const sent = traced.outcomes;
        requestIds = traced.requestIds;
        const byId = new Map(sent.map((outcome) => [outcome.id, outcome]));
        outcomes = ids.map((id) =>
          everything || reachable.has(id)
            ? byId.get(id)
            : { id, status: 'skipped', reasons: [LEAD_NOT_FOUND] },
        );
      } catch (error) {
        const requestId = requestIdOf(error);
        access.audit.append({
          ...audit,
          partitions: [...sources, partitionName],
          outcome: 'failure',
          leads: ids.map((id) => ({
            leadId: id,
            status: 'failed',
            reason: error instanceof Error ? error.name : 'error',
          })),
          requestIds: requestId ? [requestId] : [],
        });
        throw error;
      }
      const results: MoveLeadsResponse['results'] = ids.map((id, index) => {
        const outcome = outcomes[index];
        if (!outcome) return { id, status: 'failed' as const, reasons: [NO_ANSWER] };
        return {
          id,
          status: outcome.status,
          ...(outcome.reasons && outcome.reasons.length > 0 ? { reasons: outcome.reasons } : {}),
        };
      });
      access.audit.append({
        ...audit,
        partitions: [...new Set([...sources, partitionName])],
        outcome: overallOutcome(results.map((result) => result.status)),
        leads: results.map((result) => ({
          leadId: result.id,
          status: result.status,
          ...auditReason(result.reasons),
        })),
        requestIds,
      });
      return { results };
    },
  );
  done();
};
