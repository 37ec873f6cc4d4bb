// Moving leads to another partition for one user: both grants checked (the target's before anything else, each
// lead's source by one look-up), the audit entry recorded before Update Lead Partition is called, and completed
// with each lead's source and outcome.
import type { MoveLeadsResponse } from '../contract/leads';
import { badRequest } from '../http/api-error';
import { grantedPartitions, seesAllPartitions } from '../auth/access';
import { actor } from '../auth/user-view';
import { auditReason, overallOutcome, requestIdOf } from '../audit/outcome';
import type { PartitionMoveOutcome } from '../marketo/types';
import type { UserRecord } from '../store/users-repo';
import { LEAD_NOT_FOUND, NO_ANSWER } from './write-reasons';
import { checkGrantedPartitionName } from './lead-checks';
import { partitionName } from './written-partitions';
import { reachableLeads } from './reachable-leads';
import { auditRefusal } from './refused-write';
import { completeEntry } from './audit-entry';
import type { LeadServiceDeps } from './service-deps';
import { activitySummary } from '../audit/summary-codes';

/** Moves `ids` to `target` on `user`'s rights; one result per id, in order. */
export async function moveLeads(
  deps: LeadServiceDeps,
  user: UserRecord,
  ids: readonly number[],
  target: string,
): Promise<MoveLeadsResponse['results']> {
  const { marketo, catalog, audit } = deps;
  refuseDuplicates(ids);
  const partitions = await catalog.partitions();
  const granted = grantedPartitions(user, partitions);
  const refused = activitySummary('move_refused', { count: ids.length, partition: target });
  await auditRefusal(audit, user, 'lead.move', target, refused, () =>
    checkGrantedPartitionName(target, partitions, granted, seesAllPartitions(user)),
  );
  const entryId = await audit.begin({
    user: actor(user),
    action: 'lead.move',
    partitions: [target],
    leadIds: [],
    leads: [],
    requestIds: [],
    summary: activitySummary('leads_moved', { count: ids.length, target }),
  });
  let sources = new Map<number, number>();
  let outcomes: (PartitionMoveOutcome | undefined)[];
  let requestIds: string[];
  try {
    // Also for users granted everything: the trail records where each lead came from.
    sources = await reachableLeads(user, marketo, ids);
    const everything = seesAllPartitions(user);
    const sendIds = everything ? ids : ids.filter((id) => sources.has(id));
    const traced =
      sendIds.length === 0
        ? { outcomes: [], requestIds: [] }
        : await marketo.updateLeadPartitionTraced(sendIds.map((id) => ({ id, partitionName: target })));
    requestIds = traced.requestIds;
    const byId = new Map(traced.outcomes.map((outcome) => [outcome.id, outcome]));
    outcomes = ids.map((id) =>
      everything || sources.has(id) ? byId.get(id) : { id, status: 'skipped', reasons: [LEAD_NOT_FOUND] },
    );
  } catch (error) {
    const requestId = requestIdOf(error);
    const reason = error instanceof Error ? error.name : 'error';
    await completeEntry(deps, entryId, {
      partitions: sourceNames(sources, target),
      outcome: 'failure',
      leads: ids.map((leadId, index) => ({
        ...(sources.has(leadId) ? { leadId } : { index }),
        status: 'failed',
        reason,
      })),
      requestIds: requestId ? [requestId] : [],
    });
    throw error;
  }
  const results = ids.map((id, index) => {
    const outcome = outcomes[index];
    if (!outcome) return { id, status: 'failed' as const, reasons: [NO_ANSWER] };
    return {
      id,
      status: outcome.status,
      ...(outcome.reasons && outcome.reasons.length > 0 ? { reasons: outcome.reasons } : {}),
    };
  });
  // A lead out of reach is recorded without its id: the entry is read by those granted the partitions it names.
  const recorded = (id: number) => seesAllPartitions(user) || sources.has(id);
  await completeEntry(deps, entryId, {
    partitions: sourceNames(sources, target),
    leadIds: ids.filter(recorded),
    outcome: overallOutcome(results.map((result) => result.status)),
    leads: results.map((result, index) => ({
      ...(recorded(result.id) ? { leadId: result.id } : { index }),
      status: result.status,
      ...auditReason(result.reasons),
      // Each lead's way, as a bulk move's entry has it: what its undo (server/moves/undo-entry.ts) moves back.
      ...(recorded(result.id) && sources.has(result.id)
        ? { from: partitionName(partitions, sources.get(result.id)), to: target }
        : {}),
    })),
    requestIds,
  });
  return results;

  function sourceNames(found: ReadonlyMap<number, number>, to: string): string[] {
    return [...new Set([...[...found.values()].map((id) => partitionName(partitions, id)), to])];
  }
}

function refuseDuplicates(ids: readonly number[]): void {
  const seen = new Set<number>();
  const duplicates = ids.flatMap((id, index) => {
    if (!seen.has(id)) {
      seen.add(id);
      return [];
    }
    return [
      {
        path: `ids.${index}`,
        message: `Lead ${id} is listed twice`,
        reason: 'lead_listed_twice',
        params: { id },
      },
    ];
  });
  if (duplicates.length > 0) {
    throw badRequest('Each lead may be moved once per request.', duplicates, { reason: 'lead_moved_twice' });
  }
}
