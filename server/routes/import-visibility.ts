// Who may see an import job: whoever may see its partition follows its progress; its rows are its owner's and
// the admins'.
import type { Catalog } from '../app-deps';
import { grantedPartitions, seesAllPartitions } from '../auth/access';
import { ApiError, notFound } from '../http/api-error';
import type { ImportJobRecord } from '../store/import-job-records';
import type { ImportsRepo } from '../store/imports-repo';
import type { UserRecord } from '../store/users-repo';

export const JOB_GONE = 'No such import.';

export function importVisibility(catalog: Catalog, repo: ImportsRepo) {
  /** `all`, or the partition names the user is granted: the jobs they may see. */
  const visiblePartitions = async (user: UserRecord): Promise<'all' | string[]> => {
    if (user.role === 'admin' || seesAllPartitions(user)) return 'all';
    return grantedPartitions(user, await catalog.partitions()).map((partition) => partition.name);
  };

  /** The job, if the user may see it; a job they may not see reads exactly like a missing one. */
  const visibleJob = async (user: UserRecord, id: string): Promise<ImportJobRecord> => {
    const job = repo.job(id);
    if (!job) throw notFound(JOB_GONE);
    const visible = await visiblePartitions(user);
    if (visible !== 'all' && !visible.includes(job.partitionName)) throw notFound(JOB_GONE);
    return job;
  };

  /**
   * The job's rows (every input cell, mapped or not, and the leads' ids) are its owner's and the admins': others
   * granted the partition follow its progress only.
   */
  const jobWithRows = async (user: UserRecord, id: string): Promise<ImportJobRecord> => {
    const job = await visibleJob(user, id);
    if (user.role !== 'admin' && job.user.id !== user.id) {
      throw new ApiError(
        403,
        'forbidden',
        'Only the user who started this import, or an admin, can see its rows.',
      );
    }
    return job;
  };

  return { visiblePartitions, visibleJob, jobWithRows };
}
