// What a signed-in user may do: role checks and partition grants. Every route asks these functions, before any
// write reaches Marketo.
import type { Role } from '../contract/access';
import { ApiError } from '../http/api-error';
import type { MarketoPartition } from '../marketo/types';
import type { UserRecord } from '../store/users-repo';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** The id of Marketo's system partition, where a lead goes when a write names none. */
export const DEFAULT_PARTITION_ID = 1;

/** Throws 403 unless `user`'s role is at least `needed`. */
export function requireRole(user: UserRecord, needed: Role): void {
  if (RANK[user.role] < RANK[needed]) {
    throw new ApiError(403, 'forbidden', 'Your role does not allow this.');
  }
}

/** Whether the user's grants cover every partition, present and future. */
export function seesAllPartitions(user: UserRecord): boolean {
  return user.partitions === 'all';
}

export function isGranted(user: UserRecord, partitionId: number): boolean {
  return user.partitions === 'all' || user.partitions.includes(partitionId);
}

/** The partitions (of `all`) that `user` is granted. */
export function grantedPartitions(user: UserRecord, all: readonly MarketoPartition[]): MarketoPartition[] {
  return all.filter((partition) => isGranted(user, partition.id));
}

export function partitionForbidden(): ApiError {
  return new ApiError(403, 'forbidden', 'You have no access to this partition.');
}

/** A lead's partition id as Marketo sends it (number or numeric string), or `undefined`. */
export function partitionIdOf(value: unknown): number | undefined {
  const id = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(id) ? id : undefined;
}
