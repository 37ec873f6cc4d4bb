// The audit summary of a user change: each changed setting as old → new, partitions by name, so the trail reads
// "partitions: Mexico → Mexico, Canada; role: viewer → editor" rather than ids or counts.
import type { PartitionGrant } from '../contract/access';
import type { UserPatch, UserRecord } from '../store/users-repo';

/** Partition names by Marketo id; an id missing from it (a deleted partition) is shown as `partition <id>`. */
export type PartitionNames = ReadonlyMap<number, string>;

function grantWords(grant: PartitionGrant, names: PartitionNames): string {
  if (grant === 'all') return 'all partitions';
  if (grant.length === 0) return 'none';
  return grant.map((id) => names.get(id) ?? `partition ${id}`).join(', ');
}

function sameGrant(a: PartitionGrant, b: PartitionGrant): boolean {
  if (a === 'all' || b === 'all') return a === b;
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** Only what changed, each as `setting: old → new`; `no change` when the patch changed nothing. */
export function describeUserChange(before: UserRecord, patch: UserPatch, names: PartitionNames): string {
  const parts: string[] = [];
  if (patch.partitions !== undefined && !sameGrant(patch.partitions, before.partitions)) {
    parts.push(
      `partitions: ${grantWords(before.partitions, names)} → ${grantWords(patch.partitions, names)}`,
    );
  }
  if (patch.name !== undefined && patch.name !== before.name) {
    parts.push(`name: ${before.name} → ${patch.name}`);
  }
  if (patch.role !== undefined && patch.role !== before.role) {
    parts.push(`role: ${before.role} → ${patch.role}`);
  }
  if (patch.disabled !== undefined && patch.disabled !== before.disabled) {
    parts.push(patch.disabled ? 'disabled' : 'enabled');
  }
  return parts.length > 0 ? parts.join('; ') : 'no change';
}
