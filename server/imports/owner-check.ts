// An import runs on its owner's rights, checked again before every chunk: an account removed, disabled, demoted
// or taken off the partition since the start stops the job rather than writing on rights it no longer has.
import type { Catalog } from '../app-deps';
import type { AccessDeps } from '../auth/access-deps';
import { isGranted, requireRole } from '../auth/access';
import type { RunJob } from '../store/import-runs-repo';
import type { UserRecord } from '../store/users-repo';
import { jobMessage } from './job-messages';

/** Whether the job's owner may still write to its partition; a reason to stop the job if not. */
export async function checkOwner(
  job: RunJob,
  access: AccessDeps,
  catalog: Catalog,
): Promise<{ user: UserRecord } | { stop: string }> {
  const user = job.userId === null ? undefined : await access.users.byId(job.userId);
  const who = user?.email ?? job.userEmail;
  if (!user) return { stop: jobMessage('owner_gone', { noun: 'import', who }) };
  if (user.disabled) return { stop: jobMessage('owner_disabled', { noun: 'import', who }) };
  try {
    requireRole(user, 'editor');
  } catch {
    return { stop: jobMessage('owner_not_editor', { noun: 'import', who }) };
  }
  if (user.partitions !== 'all') {
    const partitions = await catalog.partitions();
    const partition = partitions.find((candidate) => candidate.name === job.partitionName);
    if (!partition || !isGranted(user, partition.id)) {
      return {
        stop: jobMessage('owner_no_partition', { noun: 'import', who, partition: job.partitionName }),
      };
    }
  }
  return { user };
}
