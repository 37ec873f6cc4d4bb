// The partition check that needs Marketo's answer about existing leads, done before a write is sent. Marketo's
// lookup is instance-wide (docs/marketo-api.md §5.3): an update (or updateOnly by id) would otherwise reach a lead
// in a partition the user was never granted. The screen looks up exactly the values the sync will carry: the
// caller passes a write made by `prepareWrite`, and sends that same write.
import type { ParsedLeadWriteRequest, Reason } from '../contract/leads';
import { isGranted, partitionIdOf } from '../auth/access';
import { dataTypeOf, lookupKey, readLookupValue } from '../marketo/lookup-value';
import type { CallOptions, MarketoApi, MarketoFieldDescription } from '../marketo/types';
import type { UserRecord } from '../store/users-repo';
import { LEAD_NOT_FOUND } from './write-reasons';

export interface WriteScreen {
  /** Indexes of leads that may match a lead outside the user's grants: not to be sent. */
  blocked: Set<number>;
  /** Indexes of leads whose matches all live inside the grants. */
  matchedInside: Set<number>;
  /**
   * Indexes of leads with a lookup value that matched no lead at all. An `updateOnly` sends none of them: Marketo
   * would answer 1004 if it compares as its filter does, and if it ever compared otherwise, an update that reaches
   * across partitions (updateOnly ignores partitionName) is the one thing that must not happen.
   */
  unmatched: Set<number>;
  /** The leads matched inside the grants, by id, with their partition ids: where an update may land. */
  insideLeads: Map<number, number>;
}

/**
 * Looks up the existing leads a write would match and sorts the inputs by where their matches live. Fails
 * closed: a match outside the grants that cannot be tied to one line (its value reads differently from every
 * line's) blocks every line that has a lookup value, since any of them may be the one that finds it; so does a
 * value with no single wire form (`prepareWrite` refuses those first). Users granted every partition skip the
 * look-up; so does createDuplicate, which never matches.
 */
export async function screenWrite(
  user: UserRecord,
  marketo: MarketoApi,
  body: ParsedLeadWriteRequest,
  fields: readonly MarketoFieldDescription[],
  options?: CallOptions,
): Promise<WriteScreen> {
  const screen: WriteScreen = emptyScreen();
  if (user.partitions === 'all' || body.action === 'createDuplicate') return screen;
  const field = body.lookupField;
  const dataType = dataTypeOf(field, fields);
  const readings = body.leads.map((lead) => readLookupValue(lead[field], dataType));
  const values = new Set<string>();
  readings.forEach((reading, index) => {
    if (reading.kind === 'value') values.add(reading.filter);
    else if (reading.kind === 'refused') screen.blocked.add(index);
  });
  if (values.size === 0) return screen;
  const fieldList = field === 'id' ? ['leadPartitionId'] : [field, 'leadPartitionId'];
  const matches = await marketo.getLeadsByFilter(field, [...values], fieldList, options);
  const keys = new Set(readings.flatMap((reading) => (reading.kind === 'value' ? [reading.key] : [])));
  const where = new Map<string, { outside: boolean; leads: [number, number][] }>();
  let untiedOutside = false;
  for (const match of matches) {
    const partitionId = partitionIdOf(match.leadPartitionId);
    const outside = partitionId === undefined || !isGranted(user, partitionId);
    const key = lookupKey(field === 'id' ? match.id : match[field], dataType);
    if (key === undefined || !keys.has(key)) {
      if (outside) untiedOutside = true;
      continue;
    }
    const seen = where.get(key) ?? { outside: false, leads: [] };
    seen.outside ||= outside;
    if (partitionId !== undefined && !outside) seen.leads.push([match.id, partitionId]);
    where.set(key, seen);
  }
  readings.forEach((reading, index) => {
    if (reading.kind !== 'value') return;
    const found = where.get(reading.key);
    if (untiedOutside || found?.outside) screen.blocked.add(index);
    else if (found) {
      screen.matchedInside.add(index);
      for (const [id, partitionId] of found.leads) screen.insideLeads.set(id, partitionId);
    } else screen.unmatched.add(index);
  });
  return screen;
}

/** The screen of a write that needs none: nothing blocked, nothing known. */
export function emptyScreen(): WriteScreen {
  return { blocked: new Set(), matchedInside: new Set(), unmatched: new Set(), insideLeads: new Map() };
}

/**
 * Why line `index` is not sent, or `undefined` when it is: it may reach outside the grants (`hidden`, the answer
 * for a lead out of reach), or it is an update of a lead the screen never saw (Marketo's own 1004).
 */
export function heldBackReason(
  screen: WriteScreen,
  action: string,
  index: number,
  hidden: Reason,
): Reason | undefined {
  if (screen.blocked.has(index)) return hidden;
  return action === 'updateOnly' && screen.unmatched.has(index) ? LEAD_NOT_FOUND : undefined;
}
