// Creating and updating leads for one user, within their partitions: the checks that need the catalogue, the
// audit entry recorded before anything is sent, the screen, the sync, the check of every id Marketo returned,
// and the completed entry. Upstream calls per 300 leads: the sync, plus the screen for a user with limited
// grants, or a read-back of where updated leads live for a user granted every partition (none for createOnly
// and createDuplicate, whose leads land in the named partition); one more only if Marketo returns an id the
// screen did not place.
import type { LeadWriteResult, ParsedLeadWriteRequest } from '../contract/leads';
import {
  DEFAULT_PARTITION_ID,
  grantedPartitions,
  partitionForbidden,
  seesAllPartitions,
} from '../auth/access';
import { actor } from '../auth/user-view';
import { auditReason, overallOutcome, requestIdOf } from '../audit/outcome';
import type { MarketoPartition, SyncLeadOutcome } from '../marketo/types';
import type { UserRecord } from '../store/users-repo';
import { completeEntry } from './audit-entry';
import { hiddenReason, NO_ANSWER, withoutPartitionNames } from './write-reasons';
import { checkGrantedPartitionName, checkLeadFields } from './lead-checks';
import { reportStrayLeads, unexpectedLeads, type UnexpectedLeads } from './out-of-grants';
import { prepareWrite } from './prepared-write';
import { auditRefusal } from './refused-write';
import type { LeadServiceDeps } from './service-deps';
import { heldBackReason, screenWrite, type WriteScreen } from './write-screen';
import { partitionName, UNKNOWN_PARTITION, writtenPartitions } from './written-partitions';
import { activitySummary } from '../audit/summary-codes';

/** Actions whose every written lead is created in the named partition: nothing to read back. */
const CREATES_ONLY = new Set(['createOnly', 'createDuplicate']);

/** Writes `body` on `user`'s rights; one result per lead, in order. */
export async function writeLeads(
  deps: LeadServiceDeps,
  user: UserRecord,
  body: ParsedLeadWriteRequest,
): Promise<LeadWriteResult[]> {
  const { marketo, catalog, audit } = deps;
  const [partitions, fields] = await Promise.all([catalog.partitions(), catalog.fields()]);
  const named = body.partitionName ?? 'Default';
  const refused = activitySummary('write_refused', {
    action: body.action,
    count: body.leads.length,
    partition: named,
  });
  const target = await auditRefusal(audit, user, 'lead.write', named, refused, () =>
    targetPartition(body.partitionName, partitions, user),
  );
  checkLeadFields(body, fields);
  const write = prepareWrite(body, fields);
  const entryId = await audit.begin({
    user: actor(user),
    action: 'lead.write',
    partitions: [target.name],
    leadIds: [],
    leads: [],
    requestIds: [],
    summary: activitySummary('leads_written', {
      action: body.action,
      lookupField: body.lookupField,
      count: body.leads.length,
    }),
  });
  const hidden = hiddenReason(write.lookupField);
  let screen: WriteScreen | undefined;
  let outcomes: (SyncLeadOutcome | undefined)[];
  let requestIds: string[];
  try {
    const screened = await screenWrite(user, marketo, write, fields);
    screen = screened;
    const sendIndexes = write.leads.flatMap((_lead, index) =>
      heldBackReason(screened, write.action, index, hidden) ? [] : [index],
    );
    const traced =
      sendIndexes.length === 0
        ? { outcomes: [], requestIds: [] }
        : await marketo.syncLeadsTraced({
            action: write.action,
            lookupField: write.lookupField,
            ...(sentPartitionName(user, write, target) ?? {}),
            input: sendIndexes.map((index) => write.leads[index]!),
          });
    requestIds = traced.requestIds;
    outcomes = write.leads.map(() => undefined);
    sendIndexes.forEach((index, position) => (outcomes[index] = traced.outcomes[position]));
  } catch (error) {
    const requestId = requestIdOf(error);
    const reason = error instanceof Error ? error.name : 'error';
    await completeEntry(deps, entryId, {
      outcome: 'failure',
      leads: body.leads.map((_lead, index) => ({ index, status: 'failed', reason })),
      requestIds: requestId ? [requestId] : [],
    });
    throw error;
  }
  const unexpected = await unexpectedLeads(
    user,
    marketo,
    outcomes.flatMap((o) => (o ? [o] : [])),
    screen,
  );
  const stray = unexpected.stray;
  const results = write.leads.map((_lead, index): LeadWriteResult => {
    const outcome = outcomes[index];
    const held = heldBackReason(screen, write.action, index, hidden);
    if (held) return { index, status: 'skipped', reasons: [held] };
    if (!outcome) return { index, status: 'failed', reasons: [NO_ANSWER] };
    if (outcome.id !== undefined && stray.has(outcome.id))
      return { index, status: 'skipped', reasons: [hidden] };
    // A partition code about a lead not placed inside the grants must not hint where it lives.
    const placed = seesAllPartitions(user) || screen.matchedInside.has(index);
    const reasons = placed ? outcome.reasons : withoutPartitionNames(outcome.reasons, hidden);
    return {
      index,
      status: outcome.status,
      ...(outcome.id === undefined ? {} : { id: outcome.id }),
      ...(reasons && reasons.length > 0 ? { reasons } : {}),
    };
  });
  // The trail records what really happened, stray leads included; the writer's answer hides them.
  const written = outcomes.map((outcome, index) => ({ index, outcome }));
  const leadIds = written.flatMap(({ outcome }) => (outcome?.id === undefined ? [] : [outcome.id]));
  await completeEntry(deps, entryId, {
    partitions: await touchedPartitions(deps, user, write, partitions, target, outcomes, screen, unexpected),
    leadIds,
    outcome: overallOutcome(results.map((result) => result.status)),
    leads: written.map(({ index, outcome }) => {
      const result = results[index]!;
      const id = outcome?.id;
      return {
        index,
        ...(id === undefined ? {} : { leadId: id }),
        status:
          id !== undefined && stray.has(id)
            ? `${outcome?.status ?? 'failed'} (outside grants)`
            : result.status,
        ...auditReason(result.reasons),
      };
    }),
    requestIds,
  });
  await reportStrayLeads(deps, user, partitions, stray, `A ${write.action} by ${write.lookupField}`);
  return results;
}

/**
 * The `partitionName` the sync carries. A user with limited grants always names the target: with a partition
 * named, Marketo refuses to update a lead that lives in another one (1010, docs/marketo-api.md §5.3), so a match the
 * screen did not foresee cannot cross partitions; with none, its lookup would reach any partition.
 */
function sentPartitionName(
  user: UserRecord,
  write: ParsedLeadWriteRequest,
  target: MarketoPartition,
): { partitionName: string } | undefined {
  if (!seesAllPartitions(user)) return { partitionName: target.name };
  return write.partitionName === undefined ? undefined : { partitionName: write.partitionName };
}

/** The partition a write lands in: the named one, or Default. 403 when it is not granted. */
function targetPartition(
  name: string | undefined,
  partitions: readonly MarketoPartition[],
  user: UserRecord,
): MarketoPartition {
  const granted = grantedPartitions(user, partitions);
  if (name !== undefined)
    return checkGrantedPartitionName(name, partitions, granted, seesAllPartitions(user));
  const fallback = granted.find((partition) => partition.id === DEFAULT_PARTITION_ID);
  if (!fallback) throw partitionForbidden();
  return fallback;
}

/**
 * Where the written leads live, so the trail's readers are the right ones. Created leads are in the target;
 * a limited user's updates are leads the screen placed, or stray ones placed by the check after the write; a
 * user granted every partition has its updates read back (the best knowledge stands if that read fails).
 */
async function touchedPartitions(
  deps: LeadServiceDeps,
  user: UserRecord,
  write: ParsedLeadWriteRequest,
  partitions: readonly MarketoPartition[],
  target: MarketoPartition,
  outcomes: readonly (SyncLeadOutcome | undefined)[],
  screen: WriteScreen,
  unexpected: UnexpectedLeads,
): Promise<string[]> {
  const updatedIds = outcomes.flatMap((o) => (o?.status === 'updated' && o.id !== undefined ? [o.id] : []));
  const created = outcomes.some((outcome) => outcome?.status === 'created');
  const names = new Set(created || updatedIds.length === 0 ? [target.name] : []);
  if (seesAllPartitions(user)) {
    if (CREATES_ONLY.has(write.action) || updatedIds.length === 0) return [...names];
    const read = await writtenPartitions(deps.marketo, partitions, updatedIds, target.name, [
      UNKNOWN_PARTITION,
    ]);
    return [...new Set([...names, ...read])];
  }
  for (const id of updatedIds) {
    const place = unexpected.placed.has(id) ? unexpected.placed.get(id) : screen.insideLeads.get(id);
    names.add(partitionName(partitions, place));
  }
  return [...names];
}
