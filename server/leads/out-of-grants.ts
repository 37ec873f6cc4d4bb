// The check after a write by a user with limited grants. The screen decides before the write, so a lead that
// moves into another partition meanwhile, or a lookup rule of Marketo's that the screen did not foresee, could
// still let an update land outside the grants. Every id Marketo returns is accounted for: created leads land in
// the named (granted) partition, updated ones must be leads the screen matched inside the grants, and any
// other id is read back. One found outside, or that cannot be placed, is answered as a lead out of reach and
// reported as a security event.
import { isGranted, partitionIdOf } from '../auth/access';
import { actor } from '../auth/user-view';
import type { CallOptions, MarketoApi, MarketoPartition } from '../marketo/types';
import type { AuditRepo } from '../store/audit-repo';
import type { UserRecord } from '../store/users-repo';
import type { WriteScreen } from './write-screen';
import { UNKNOWN_PARTITION } from './written-partitions';

export interface ReturnedLead {
  status: string;
  id?: number | undefined;
}

/** Ids a write returned that it was not expected to touch, by where they live (`undefined`: not placed). */
export interface UnexpectedLeads {
  /** Every unexpected id, with its partition id when the read-back placed it. */
  placed: Map<number, number | undefined>;
  /** Those outside the grants, or that could not be placed: hidden from the writer and reported. */
  stray: Map<number, number | undefined>;
}

/**
 * Accounts for every id among `returned` (a failed read counts as outside: the answer then hides more, never
 * less). Costs a call only when an id is unexpected.
 */
export async function unexpectedLeads(
  user: UserRecord,
  marketo: MarketoApi,
  returned: readonly ReturnedLead[],
  screen: WriteScreen,
  options?: CallOptions,
): Promise<UnexpectedLeads> {
  const result: UnexpectedLeads = { placed: new Map(), stray: new Map() };
  if (user.partitions === 'all') return result;
  const unexpected = [
    ...new Set(
      returned.flatMap((lead) =>
        lead.id === undefined || lead.status === 'created' || screen.insideLeads.has(lead.id)
          ? []
          : [lead.id],
      ),
    ),
  ];
  if (unexpected.length === 0) return result;
  const found = new Map<number, number | undefined>();
  try {
    const leads = await marketo.getLeadsByFilter('id', unexpected.map(String), ['leadPartitionId'], options);
    for (const lead of leads) found.set(lead.id, partitionIdOf(lead.leadPartitionId));
  } catch {
    // Unplaced ids count as stray below: hidden and reported.
  }
  for (const id of unexpected) {
    const partitionId = found.get(id);
    result.placed.set(id, partitionId);
    if (partitionId === undefined || !isGranted(user, partitionId)) result.stray.set(id, partitionId);
  }
  return result;
}

/** Records one security event for the stray leads of a write, readable by those who may see their partitions. */
export function reportStrayLeads(
  audit: AuditRepo,
  user: UserRecord,
  partitions: readonly MarketoPartition[],
  stray: ReadonlyMap<number, number | undefined>,
  what: string,
): void {
  if (stray.size === 0) return;
  const names = [...new Set([...stray.values()].map((id) => partitionName(partitions, id)))];
  audit.append({
    user: actor(user),
    action: 'security.out-of-grants',
    partitions: names,
    leadIds: [...stray.keys()],
    outcome: 'failure',
    leads: [...stray.keys()].map((leadId) => ({ leadId, status: 'out-of-grants' })),
    requestIds: [],
    summary: `${what} reached ${stray.size} lead(s) outside the writer's partitions; their ids were not shown to the writer`,
  });
}

/** A partition's name for the trail; an unplaced lead is recorded under a name only admins see. */
export function partitionName(partitions: readonly MarketoPartition[], id: number | undefined): string {
  return partitions.find((partition) => partition.id === id)?.name ?? UNKNOWN_PARTITION;
}
