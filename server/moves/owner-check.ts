// A bulk move runs on its owner's rights, checked again before every lookup and chunk: an account removed,
// disabled, demoted or taken off the target since the preview stops the job rather than moving on old rights.
import type { Catalog } from '../app-deps';
import type { AccessDeps } from '../auth/access-deps';
import { isGranted, requireRole } from '../auth/access';
import type { MarketoPartition } from '../marketo/types';
import type { MoveJobRecord } from '../store/moves-repo';
import type { UserRecord } from '../store/users-repo';
import { jobMessage } from '../imports/job-messages';

export interface MoveOwner {
  user: UserRecord;
  partitions: MarketoPartition[];
  /** The job's target partition. */
  target: MarketoPartition;
}

/** The owner and the catalogue when the job may go on; a reason to stop it if not. */
export async function checkMoveOwner(
  job: MoveJobRecord,
  access: AccessDeps,
  catalog: Catalog,
): Promise<MoveOwner | { stop: string }> {
  const user = job.userId === null ? undefined : await access.users.byId(job.userId);
  const who = user?.email ?? job.userEmail;
  if (!user) return { stop: jobMessage('owner_gone', { noun: 'move', who }) };
  if (user.disabled) return { stop: jobMessage('owner_disabled', { noun: 'move', who }) };
  try {
    requireRole(user, 'editor');
  } catch {
    return { stop: jobMessage('owner_not_editor', { noun: 'move', who }) };
  }
  const partitions = await catalog.partitions();
  const target = partitions.find((partition) => partition.name === job.target);
  if (!target || !isGranted(user, target.id)) {
    return { stop: jobMessage('owner_no_partition', { noun: 'move', who, partition: job.target }) };
  }
  return { user, partitions, target };
}
