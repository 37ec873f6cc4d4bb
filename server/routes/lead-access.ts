// Partition checks that need Marketo's answer about existing leads, done before a write is sent. Marketo's
// lookup is instance-wide: an update (or updateOnly by id) would otherwise reach a lead in a partition the user
// was never granted, and a move could take a lead out of one.
import type { ParsedLeadWriteRequest, Reason } from '../contract/leads';
import { isGranted, partitionIdOf } from '../auth/access';
import type { MarketoApi, MarketoLead, MarketoValue } from '../marketo/types';
import type { UserRecord } from '../store/users-repo';

/** The reason a lead gets when its match lives in a partition the user cannot see: no id, no partition name. */
export const NOT_ACCESSIBLE: Reason = {
  code: '1010',
  message: 'This lead exists in a partition you cannot access',
};

/** Exactly Marketo's answer for an unknown lead, so a lead out of reach cannot be told from a missing one. */
export const LEAD_NOT_FOUND: Reason = { code: '1004', message: 'Lead not found' };

function keyOf(value: MarketoValue | undefined): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  // Case-insensitive: Marketo matches emails that way; for other fields a wider match only blocks more.
  return String(value).trim().toLowerCase();
}

export interface WriteScreen {
  /** Indexes of leads whose match lives outside the user's grants: not to be sent. */
  blocked: Set<number>;
  /** Indexes of leads whose matches all live inside the grants. */
  matchedInside: Set<number>;
  /** Granted partitions the sent leads' matches live in (an update may land outside the named partition). */
  matchedPartitionIds: Set<number>;
}

/**
 * Looks up the existing leads a write would match and sorts the inputs by where their matches live. Users
 * granted every partition skip the look-up; so does createDuplicate, which never matches.
 */
export async function screenWrite(
  user: UserRecord,
  marketo: MarketoApi,
  body: ParsedLeadWriteRequest,
): Promise<WriteScreen> {
  const screen: WriteScreen = {
    blocked: new Set(),
    matchedInside: new Set(),
    matchedPartitionIds: new Set(),
  };
  if (user.partitions === 'all' || body.action === 'createDuplicate') return screen;
  const field = body.lookupField;
  const keys = body.leads.map((lead) => keyOf(lead[field]));
  const values = [
    ...new Set(
      body.leads
        .map((lead) => lead[field])
        .flatMap((value) => {
          const key = keyOf(value);
          return key === undefined ? [] : [String(value).trim()];
        }),
    ),
  ];
  if (values.length === 0) return screen;
  const fields = field === 'id' ? ['leadPartitionId'] : [field, 'leadPartitionId'];
  const matches = await marketo.getLeadsByFilter(field, values, fields);
  const where = new Map<string, { outside: boolean; partitionIds: number[] }>();
  for (const match of matches) {
    const key = keyOf(field === 'id' ? match.id : match[field]);
    if (key === undefined) continue;
    const partitionId = partitionIdOf(match.leadPartitionId);
    const outside = partitionId === undefined || !isGranted(user, partitionId);
    const seen = where.get(key);
    where.set(key, {
      outside: outside || (seen?.outside ?? false),
      partitionIds: [...(seen?.partitionIds ?? []), ...(partitionId === undefined ? [] : [partitionId])],
    });
  }
  keys.forEach((key, index) => {
    const found = key === undefined ? undefined : where.get(key);
    if (found?.outside) screen.blocked.add(index);
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
