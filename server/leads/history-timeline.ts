// One lead's partition timeline from two records: Marketo's activities (when, from where to where, for every
// change however made) and the console's audit trail (which console user). An audit event is joined to the
// Marketo activity it caused; one Marketo never saw (its log purged, or a window Marketo was not asked about)
// stays on its own. Partition names are decided later, per reader (lead-history.ts).
import type { MarketoActivity } from '../marketo/types';
import type { ConsoleLeadEvent } from './lead-audit-trail';

/** A partition as a record names it: Marketo by id (name as a fallback), the audit trail by name. */
export interface PartitionMention {
  id?: number;
  name?: string;
}

export interface TimelineEvent {
  at: string;
  kind: 'created' | 'moved';
  from?: PartitionMention;
  to?: PartitionMention;
  by?: string;
  recordedBy: ('marketo' | 'console')[];
}

export interface ActivityTypeIds {
  newLead: number | undefined;
  changeLeadPartition: number | undefined;
}

/**
 * How far apart an audit entry and Marketo's activity may be and still be one event: the entry is written just
 * before the call and Marketo dates the change when it applies it, so seconds apart, more under retries.
 */
export const MATCH_WINDOW_MS = 10 * 60_000;

function attribute(activity: MarketoActivity, name: string): string | number | boolean | null | undefined {
  return activity.attributes.find((a) => a.name === name)?.value;
}

const asId = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) ? value : undefined;
const asName = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Marketo's activities as timeline events, in Marketo's order (oldest first). */
export function marketoEvents(
  activities: readonly MarketoActivity[],
  types: ActivityTypeIds,
): TimelineEvent[] {
  return activities.flatMap((activity): TimelineEvent[] => {
    if (activity.activityTypeId === types.newLead) {
      return [{ at: activity.activityDate, kind: 'created', recordedBy: ['marketo'] }];
    }
    if (activity.activityTypeId !== types.changeLeadPartition) return [];
    // The attribute names are unconfirmed (docs/marketo-api-additions.md §15.1): ids first, names only to fill gaps.
    const from = {
      id: asId(attribute(activity, 'Old Partition ID')),
      name: asName(attribute(activity, 'Old Partition Name')),
    };
    const to = {
      id: asId(activity.primaryAttributeValueId),
      name: asName(activity.primaryAttributeValue) ?? asName(attribute(activity, 'New Partition Name')),
    };
    return [{ at: activity.activityDate, kind: 'moved', from, to, recordedBy: ['marketo'] }];
  });
}

/** A console event as the audit trail saw it: a move's target is its last partition; a source only if unique. */
function consoleEvent(event: ConsoleLeadEvent): TimelineEvent {
  const { partitions } = event;
  const last = partitions[partitions.length - 1];
  if (event.kind === 'created') {
    return {
      at: event.at,
      kind: 'created',
      ...(partitions.length === 1 && last !== undefined ? { to: { name: last } } : {}),
      by: event.email,
      recordedBy: ['console'],
    };
  }
  return {
    at: event.at,
    kind: 'moved',
    ...(partitions.length === 2 ? { from: { name: partitions[0] } } : {}),
    ...(last === undefined ? {} : { to: { name: last } }),
    by: event.email,
    recordedBy: ['console'],
  };
}

const sameTarget = (a: TimelineEvent, b: TimelineEvent): boolean =>
  a.kind === 'created' || (a.to?.name !== undefined && a.to.name === b.to?.name);

/** Both records merged, newest first. */
export function mergeTimeline(
  marketo: readonly TimelineEvent[],
  console: readonly ConsoleLeadEvent[],
): TimelineEvent[] {
  const merged = marketo.map((event) => ({ ...event }));
  const joined = new Set<TimelineEvent>();
  const alone: TimelineEvent[] = [];
  for (const entry of console.map(consoleEvent)) {
    const at = Date.parse(entry.at);
    let best: TimelineEvent | undefined;
    for (const candidate of merged) {
      if (joined.has(candidate) || candidate.kind !== entry.kind || !sameTarget(candidate, entry)) continue;
      const gap = Math.abs(Date.parse(candidate.at) - at);
      if (gap > MATCH_WINDOW_MS) continue;
      if (!best || gap < Math.abs(Date.parse(best.at) - at)) best = candidate;
    }
    if (!best) {
      alone.push(entry);
      continue;
    }
    joined.add(best);
    best.by = entry.by;
    best.recordedBy = ['marketo', 'console'];
    if (best.kind === 'created' && !best.to && entry.to) best.to = entry.to;
  }
  // Marketo dates to the second, so moves within one second tie: its log order (reversed) breaks the tie, as the
  // sort is stable.
  return [...merged.reverse(), ...alone].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}
