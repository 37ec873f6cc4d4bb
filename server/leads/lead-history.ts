// A lead's partition history for one reader: the same grant check as the lead read (a lead out of reach is
// answered like a missing one), Marketo's activities and the console's audit entries merged, and every
// partition outside the reader's grants named `null` ("another partition"), so a move from Canada to Mexico
// shows a Mexico editor that the lead came to Mexico, and not from where.
import type { LeadHistoryEvent, LeadHistoryResponse } from '../contract/lead-history';
import { notFound } from '../http/api-error';
import { isGranted, partitionIdOf } from '../auth/access';
import type { CachedValue } from '../marketo/catalog';
import type { MarketoActivityType, MarketoApi, MarketoPartition } from '../marketo/types';
import type { AuditRepo } from '../store/audit-repo';
import type { UserRecord } from '../store/users-repo';
import type { Catalog } from '../app-deps';
import { consoleEventsForLead } from './lead-audit-trail';
import {
  type ActivityTypeIds,
  marketoEvents,
  mergeTimeline,
  type PartitionMention,
  type TimelineEvent,
} from './history-timeline';

export interface LeadHistoryDeps {
  marketo: MarketoApi;
  catalog: Catalog;
  /** Get Activity Types, cached: the ids are looked up by name (docs/marketo-api-additions.md §15.1). */
  activityTypes: CachedValue<MarketoActivityType[]>;
  audit: AuditRepo;
  now: () => number;
}

const DAY_MS = 86_400_000;

export async function leadHistory(
  deps: LeadHistoryDeps,
  user: UserRecord,
  leadId: number,
  days: number,
): Promise<LeadHistoryResponse> {
  const [lead, partitions] = await Promise.all([
    deps.marketo.getLeadById(leadId, ['id', 'leadPartitionId', 'createdAt']),
    deps.catalog.partitions(),
  ]);
  const partitionId = lead && partitionIdOf(lead.leadPartitionId);
  // Exactly the lead read's answer (server/routes/leads-read.ts), so the history cannot probe for leads.
  if (!lead || partitionId === undefined || !isGranted(user, partitionId)) {
    throw notFound(`No lead has id ${leadId}.`);
  }
  const createdMs = typeof lead.createdAt === 'string' ? Date.parse(lead.createdAt) : NaN;
  const sinceMs = Math.max(Number.isNaN(createdMs) ? 0 : createdMs, deps.now() - days * DAY_MS);
  const since = new Date(sinceMs).toISOString();
  const types = typeIds(await deps.activityTypes.get());
  const wanted = [types.newLead, types.changeLeadPartition].filter((id) => id !== undefined);
  const [marketo, console] = await Promise.all([
    wanted.length === 0
      ? { activities: [], complete: true }
      : deps.marketo.getLeadActivities({ sinceDatetime: since, activityTypeIds: wanted, leadIds: [leadId] }),
    consoleEventsForLead(deps.audit, leadId, sinceMs),
  ]);
  const fromMarketo = marketoEvents(marketo.activities, types).map((event) =>
    withCatalogNames(event, partitions),
  );
  const timeline = placeCreation(mergeTimeline(fromMarketo, console.events), partitionId);
  return {
    leadId,
    events: timeline.map((event) => forReader(event, user, partitions)),
    since,
    complete: marketo.complete && console.complete,
  };
}

function typeIds(types: readonly MarketoActivityType[]): ActivityTypeIds {
  const named = (name: string) => types.find((type) => type.name === name)?.id;
  return { newLead: named('New Lead'), changeLeadPartition: named('Change Lead Partition') };
}

/** Marketo names partitions by id; today's name (what the audit trail recorded) is preferred to the activity's. */
function withCatalogNames(event: TimelineEvent, partitions: readonly MarketoPartition[]): TimelineEvent {
  const named = (mention: PartitionMention | undefined): PartitionMention | undefined => {
    const found = mention?.id === undefined ? undefined : partitions.find((p) => p.id === mention.id);
    return found ? { id: found.id, name: found.name } : mention;
  };
  return { ...event, from: named(event.from), to: named(event.to) };
}

/** A creation without a known partition was in the partition the first move left, or else where the lead is now. */
function placeCreation(timeline: TimelineEvent[], currentPartitionId: number): TimelineEvent[] {
  return timeline.map((event, index) => {
    if (event.kind !== 'created' || event.to) return event;
    const firstMoveAfter = timeline.slice(0, index).findLast((later) => later.kind === 'moved');
    const to = firstMoveAfter ? firstMoveAfter.from : { id: currentPartitionId };
    return to ? { ...event, to } : event;
  });
}

function forReader(
  event: TimelineEvent,
  user: UserRecord,
  partitions: readonly MarketoPartition[],
): LeadHistoryEvent {
  const shown = (mention: PartitionMention | undefined): string | null | undefined => {
    if (!mention) return undefined;
    const id = mention.id ?? partitions.find((p) => p.name === mention.name)?.id;
    // A partition no longer in the catalog is shown only to readers of every partition.
    if (id === undefined) return user.partitions === 'all' ? (mention.name ?? null) : null;
    if (!isGranted(user, id)) return null;
    return partitions.find((p) => p.id === id)?.name ?? mention.name ?? null;
  };
  const from = shown(event.from);
  const to = shown(event.to);
  return {
    at: event.at,
    kind: event.kind,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(event.by === undefined ? {} : { by: { email: event.by } }),
    recordedBy: event.recordedBy,
  };
}
