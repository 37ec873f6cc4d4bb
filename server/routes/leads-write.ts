import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { LeadWriteRequestSchema, LeadWriteResponseSchema } from '../contract/leads';
import type { LeadWriteResult } from '../contract/leads';
import {
  DEFAULT_PARTITION_ID,
  grantedPartitions,
  partitionForbidden,
  requireRole,
  seesAllPartitions,
} from '../auth/access';
import type { UserRecord } from '../store/users-repo';
import { currentUser } from '../auth/request-auth';
import { actor } from '../auth/user-view';
import { overallOutcome, requestIdOf, auditReason } from '../audit/outcome';
import type { MarketoPartition, SyncLeadOutcome } from '../marketo/types';
import { checkGrantedPartitionName, checkLeadFields } from './lead-checks';
import { LEAD_NOT_FOUND, NOT_ACCESSIBLE, screenWrite } from './lead-access';
import { checkLookupValues } from './lookup-checks';
import { auditRefusal } from './refused-write';
import { UNKNOWN_PARTITION, writtenPartitions } from './written-partitions';
import { errorResponses, type RouteOptions } from './route-options';

const NO_ANSWER = { code: 'no_result', message: 'Marketo returned no result for this lead' };

/** The partition a write lands in: the named one, or Default. 403 when it is not granted. */
function targetPartition(
  name: string | undefined,
  partitions: readonly MarketoPartition[],
  user: UserRecord,
): MarketoPartition | undefined {
  const granted = grantedPartitions(user, partitions);
  if (name === undefined) {
    if (!granted.some((partition) => partition.id === DEFAULT_PARTITION_ID)) throw partitionForbidden();
    return partitions.find((partition) => partition.id === DEFAULT_PARTITION_ID);
  }
  return checkGrantedPartitionName(name, partitions, granted, seesAllPartitions(user));
}

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
      const body = request.body;
      const [partitions, fields] = await Promise.all([catalog.partitions(), catalog.fields()]);
      const target = auditRefusal(
        access.audit,
        user,
        'lead.write',
        body.partitionName ?? 'Default',
        `${body.action} of ${body.leads.length} lead(s)`,
        () => targetPartition(body.partitionName, partitions, user),
      );
      checkLeadFields(body, fields);
      checkLookupValues(body);
      const audit = {
        user: actor(user),
        action: 'lead.write' as const,
        partitions: [target?.name ?? body.partitionName ?? 'Default'],
        summary: `${body.action} by ${body.lookupField}, ${body.leads.length} lead(s)`,
      };
      let outcomes: (SyncLeadOutcome | undefined)[];
      const fallback = user.partitions === 'all' ? [UNKNOWN_PARTITION] : [...audit.partitions];
      let requestIds: string[];
      try {
        const screen = await screenWrite(user, marketo, body, fields);
        // By id, a lead out of reach answers exactly like a missing one; by other fields, "cannot access".
        const hidden = body.lookupField === 'id' ? LEAD_NOT_FOUND : NOT_ACCESSIBLE;
        const sendIndexes = body.leads.flatMap((_lead, index) => (screen.blocked.has(index) ? [] : [index]));
        const traced =
          sendIndexes.length === 0
            ? { outcomes: [], requestIds: [] }
            : await marketo.syncLeadsTraced({
                action: body.action,
                lookupField: body.lookupField,
                ...(body.partitionName === undefined ? {} : { partitionName: body.partitionName }),
                input: sendIndexes.map((index) => body.leads[index]!),
              });
        const sent = traced.outcomes;
        requestIds = traced.requestIds;
        outcomes = body.leads.map(() => undefined);
        sendIndexes.forEach((index, position) => {
          const outcome = sent[position];
          // A 1010 about a lead we could not place inside the grants must not hint where it lives.
          if (outcome && user.partitions !== 'all' && !screen.matchedInside.has(index)) {
            outcome.reasons = outcome.reasons?.map((reason) => (reason.code === '1010' ? hidden : reason));
          }
          outcomes[index] = outcome;
        });
        for (const index of screen.blocked) outcomes[index] = { status: 'skipped', reasons: [hidden] };
        // Best knowledge if the read-back after the write fails: exact for users screened to their grants.
        for (const id of screen.matchedPartitionIds) {
          const name = partitions.find((partition) => partition.id === id)?.name;
          if (name !== undefined) fallback.push(name);
        }
      } catch (error) {
        const requestId = requestIdOf(error);
        requestIds = requestId ? [requestId] : [];
        access.audit.append({
          ...audit,
          leadIds: [],
          outcome: 'failure',
          leads: body.leads.map((_lead, index) => ({ index, status: 'failed', reason: errorName(error) })),
          requestIds,
        });
        throw error;
      }
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
      const leadIds = results.flatMap((result) => (result.id === undefined ? [] : [result.id]));
      // The trail names the partitions the touched leads live in, so its readers are the right ones.
      const named = audit.partitions[0] ?? 'Default';
      access.audit.append({
        ...audit,
        partitions: await writtenPartitions(marketo, partitions, leadIds, named, fallback),
        leadIds,
        outcome: overallOutcome(results.map((result) => result.status)),
        leads: results.map((result) => ({
          index: result.index,
          ...(result.id === undefined ? {} : { leadId: result.id }),
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

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'error';
}
