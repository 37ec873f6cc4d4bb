// Where the leads a write touched really live, for the audit trail. The named partition is not enough: an update
// by id or by a lookup field reaches a lead wherever it lives, and the trail's readers are chosen by partition.
import type { MarketoApi, MarketoPartition } from '../marketo/types';
import { partitionIdOf } from '../auth/access';

/** Recorded when the read-back fails for a user granted everything: only admins then see the entry. */
export const UNKNOWN_PARTITION = '(unknown partition)';

/**
 * The names of the partitions of `leadIds`, read back in one filter call after the write. With no ids (nothing
 * written), `named`. If the read fails, `fallback` (the caller's best knowledge) — never an exception, since
 * the write has already happened and must still be recorded.
 */
export async function writtenPartitions(
  marketo: MarketoApi,
  partitions: readonly MarketoPartition[],
  leadIds: readonly number[],
  named: string,
  fallback: readonly string[],
): Promise<string[]> {
  if (leadIds.length === 0) return [named];
  try {
    const found = await marketo.getLeadsByFilter('id', [...new Set(leadIds)].map(String), [
      'leadPartitionId',
    ]);
    const names = found.map((lead) => partitionName(partitions, partitionIdOf(lead.leadPartitionId)));
    return names.length === 0 ? [named] : [...new Set(names)];
  } catch {
    return [...new Set(fallback)];
  }
}

/** A partition's name for the trail; an unplaced lead is recorded under a name only admins see. */
export function partitionName(partitions: readonly MarketoPartition[], id: number | undefined): string {
  return partitions.find((partition) => partition.id === id)?.name ?? UNKNOWN_PARTITION;
}
