import type { User } from '../../../server/contract/access';
import type { ImportJob } from '../../../server/contract/imports';
import { canWriteLeads, isAdmin } from '../../lib/access';

/**
 * Whether `user` may cancel `job`: the editor who started it, or an admin (the proxy answers 403 to anyone
 * else, so nobody else is offered the button).
 */
export function canCancelImport(
  user: Pick<User, 'id' | 'role'> | undefined,
  job: Pick<ImportJob, 'user'>,
): boolean {
  if (user === undefined || !canWriteLeads(user)) return false;
  return isAdmin(user) || job.user.id === user.id;
}

/**
 * Whether `user` may see `job`'s rows (input cells included, mapped or not): the user who started it, or an admin.
 * Others granted the partition see its progress only; the proxy answers 403 to them for the rows.
 */
export function canSeeImportRows(
  user: Pick<User, 'id' | 'role'> | undefined,
  job: Pick<ImportJob, 'user'>,
): boolean {
  if (user === undefined) return false;
  return isAdmin(user) || job.user.id === user.id;
}
