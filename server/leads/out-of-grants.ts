// The check after a write by a user with limited grants, the last line behind the screen and the named partition:
// if Marketo's sync ever matched a lead its filter did not show the screen, the update could land outside the
// grants. Every id Marketo returns is accounted for: created leads land in the named (granted) partition, updated
// ones must be leads the screen matched inside the grants, and any other id is read back. One found outside, or
// that cannot be placed, is answered as a lead out of reach and reported as a security event. A lead the screen
// placed inside that moves out before the sync is not read back (that would cost a call per write); a write that
// names a partition is refused there by Marketo (1010), only an updateOnly could follow such a lead.
import { isGranted, partitionIdOf } from '../auth/access';
import type { FastifyBaseLogger } from 'fastify';
import { actor } from '../auth/user-view';
import type { CallOptions, MarketoApi, MarketoPartition } from '../marketo/types';
import type { AuditRepo, NewAuditEntry } from '../store/audit-repo';
import type { UserRecord } from '../store/users-repo';
import type { WriteScreen } from './write-screen';
import { partitionName } from './written-partitions';

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

/**
 * Records one security event for the stray leads of a write, readable by those who may see their partitions.
 * Never throws: the write has happened and its own entry names the leads, so the writer's answer must still go out.
 */
export async function reportStrayLeads(
  deps: { audit: AuditRepo; log: FastifyBaseLogger },
  user: UserRecord,
  partitions: readonly MarketoPartition[],
  stray: ReadonlyMap<number, number | undefined>,
  what: string,
): Promise<void> {
  if (stray.size === 0) return;
  const names = [...new Set([...stray.values()].map((id) => partitionName(partitions, id)))];
  const entry: NewAuditEntry = {
    user: actor(user),
    action: 'security.out-of-grants',
    partitions: names,
    leadIds: [...stray.keys()],
    outcome: 'failure',
    leads: [...stray.keys()].map((leadId) => ({ leadId, status: 'out-of-grants' })),
    requestIds: [],
    summary: `${what} reached ${stray.size} lead(s) outside the writer's partitions; their ids were not shown to the writer`,
  };
  try {
    await deps.audit.append(entry);
  } catch (error) {
    deps.log.error({ err: error, leadIds: entry.leadIds }, 'a security event could not be recorded');
  }
}
