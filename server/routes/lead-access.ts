// Partition checks that need Marketo's answer about existing leads, done before a write is sent. Marketo's
// lookup is instance-wide: an update (or updateOnly by id) would otherwise reach a lead in a partition the user
// was never granted, and a move could take a lead out of one.
import type { ParsedLeadWriteRequest, Reason } from '../contract/leads';
import { isGranted, partitionIdOf } from '../auth/access';
import type { MarketoApi, MarketoFieldDescription, MarketoLead } from '../marketo/types';
import type { UserRecord } from '../store/users-repo';
import { dataTypeOf, lookupKey } from './lookup-key';

/** The reason a lead gets when its match lives in a partition the user cannot see: no id, no partition name. */
export const NOT_ACCESSIBLE: Reason = {
  code: '1010',
  message: 'This lead exists in a partition you cannot access',
};

/** Exactly Marketo's answer for an unknown lead, so a lead out of reach cannot be told from a missing one. */
export const LEAD_NOT_FOUND: Reason = { code: '1004', message: 'Lead not found' };

export interface WriteScreen {
  /** Indexes of leads that may match a lead outside the user's grants: not to be sent. */
  blocked: Set<number>;
  /** Indexes of leads whose matches all live inside the grants. */
  matchedInside: Set<number>;
  /** Granted partitions the sent leads' matches live in (an update may land outside the named partition). */
  matchedPartitionIds: Set<number>;
}

/**
 * Looks up the existing leads a write would match and sorts the inputs by where their matches live. Fails
 * closed: a match outside the grants that cannot be tied to one line (its value reads differently from every
 * line's) blocks every line that has a lookup value, since any of them may be the one that finds it. Users
 * granted every partition skip the look-up; so does createDuplicate, which never matches.
 */
export async function screenWrite(
  user: UserRecord,
  marketo: MarketoApi,
  body: ParsedLeadWriteRequest,
  fields: readonly MarketoFieldDescription[],
): Promise<WriteScreen> {
  const screen: WriteScreen = {
    blocked: new Set(),
    matchedInside: new Set(),
    matchedPartitionIds: new Set(),
  };
  if (user.partitions === 'all' || body.action === 'createDuplicate') return screen;
  const field = body.lookupField;
  const dataType = dataTypeOf(field, fields);
  const raw = body.leads.map((lead) => lead[field]);
  const present = (index: number) => {
    const value = raw[index];
    return value !== undefined && value !== null && String(value).trim() !== '';
  };
  const values = [
    ...new Set(body.leads.flatMap((_lead, index) => (present(index) ? [String(raw[index]).trim()] : []))),
  ];
  if (values.length === 0) return screen;
  const fieldList = field === 'id' ? ['leadPartitionId'] : [field, 'leadPartitionId'];
  const matches = await marketo.getLeadsByFilter(field, values, fieldList);
  const where = new Map<string, { outside: boolean; partitionIds: number[] }>();
  let untiedOutside = false;
  for (const match of matches) {
    const partitionId = partitionIdOf(match.leadPartitionId);
    const outside = partitionId === undefined || !isGranted(user, partitionId);
    const key = lookupKey(field === 'id' ? match.id : match[field], dataType);
    if (key === undefined || !raw.some((value) => lookupKey(value, dataType) === key)) {
      if (outside) untiedOutside = true;
      continue;
    }
    const seen = where.get(key);
    where.set(key, {
      outside: outside || (seen?.outside ?? false),
      partitionIds: [...(seen?.partitionIds ?? []), ...(partitionId === undefined ? [] : [partitionId])],
    });
  }
  raw.forEach((value, index) => {
    if (!present(index)) return;
    const key = lookupKey(value, dataType);
    const found = key === undefined ? undefined : where.get(key);
    if (untiedOutside || found?.outside) screen.blocked.add(index);
    else if (found) {
      screen.matchedInside.add(index);
      for (const id of found.partitionIds) screen.matchedPartitionIds.add(id);
    }
  });
  return screen;
}

/** The leads (by id) that exist and that the user is granted, with their partition ids. */
export async function reachableLeads(
  user: UserRecord,
  marketo: MarketoApi,
  ids: readonly number[],
): Promise<Map<number, number>> {
  const found: MarketoLead[] = await marketo.getLeadsByFilter('id', ids.map(String), ['leadPartitionId']);
  const reachable = new Map<number, number>();
  for (const lead of found) {
    const partitionId = partitionIdOf(lead.leadPartitionId);
    if (partitionId !== undefined && isGranted(user, partitionId)) reachable.set(lead.id, partitionId);
  }
  return reachable;
}
