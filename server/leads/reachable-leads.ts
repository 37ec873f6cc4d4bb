// Which of a move's leads the user may touch: those that exist and live in a granted partition.
import { isGranted, partitionIdOf } from '../auth/access';
import type { MarketoApi } from '../marketo/types';
import type { UserRecord } from '../store/users-repo';

/** The leads (by id) that exist and that `user` is granted, with their partition ids. */
export async function reachableLeads(
  user: UserRecord,
  marketo: MarketoApi,
  ids: readonly number[],
): Promise<Map<number, number>> {
  const found = await marketo.getLeadsByFilter('id', ids.map(String), ['leadPartitionId']);
  const reachable = new Map<number, number>();
  for (const lead of found) {
    const partitionId = partitionIdOf(lead.leadPartitionId);
    if (partitionId !== undefined && isGranted(user, partitionId)) reachable.set(lead.id, partitionId);
  }
  return reachable;
}
