// Who may see an import job: whoever is granted its partition follows its progress; its rows are its owner's
// and the admins' whose grants cover the owner's. A role never widens grants: an admin granted Mexico only sees
// Mexico jobs only.
import type { Catalog } from '../app-deps';
import { grantedPartitions, seesAllPartitions } from '../auth/access';
import { ApiError, notFound } from '../http/api-error';
import type { ImportJobRecord } from '../store/import-job-records';
import type { ImportsRepo } from '../store/imports-repo';
import type { UserRecord, UsersRepo } from '../store/users-repo';

export const JOB_GONE = 'No such import.';

/**
 * Whether `reader`'s grants cover every partition `owner` may reach. An owner's rows can name leads anywhere
 * their grants reach (an updateOnly lands in any partition; a createOrUpdate's 1010 says a lead lives elsewhere),
 * so only a reader granted at least as much may see them. A deleted owner is assumed to have reached everywhere.
 */
function coversGrants(reader: UserRecord, owner: UserRecord | undefined): boolean {
  const readerPartitions = reader.partitions;
  if (readerPartitions === 'all') return true;
  if (!owner || owner.partitions === 'all') return false;
  return owner.partitions.every((id) => readerPartitions.includes(id));
}

export function importVisibility(catalog: Catalog, repo: ImportsRepo, users: UsersRepo) {
  /** `all`, or the partition names the user is granted: the jobs they may see. */
  const visiblePartitions = async (user: UserRecord): Promise<'all' | string[]> => {
    if (seesAllPartitions(user)) return 'all';
    return grantedPartitions(user, await catalog.partitions()).map((partition) => partition.name);
  };

  /** The job, if the user may see it; a job they may not see reads exactly like a missing one. */
  const visibleJob = async (user: UserRecord, id: string): Promise<ImportJobRecord> => {
    const job = await repo.job(id);
    if (!job) throw notFound(JOB_GONE);
    const visible = await visiblePartitions(user);
    if (visible !== 'all' && !visible.includes(job.partitionName)) throw notFound(JOB_GONE);
    return job;
  };

  /**
   * The job's rows (every input cell, mapped or not, and the leads' ids) are its owner's and the admins' whose
   * grants cover the owner's: others granted the partition follow its progress only.
   */
  const jobWithRows = async (user: UserRecord, id: string): Promise<ImportJobRecord> => {
    const job = await visibleJob(user, id);
    if (job.user.id === user.id) return job;
    const owner = job.user.id === null ? undefined : await users.byId(job.user.id);
    if (user.role !== 'admin' || !coversGrants(user, owner)) {
      throw new ApiError(
        403,
        'forbidden',
        'Only the user who started this import, or an admin granted every partition they may reach, can see its rows.',
      );
    }
    return job;
  };

  return { visiblePartitions, visibleJob, jobWithRows };
}
