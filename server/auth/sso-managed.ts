// Accounts managed by single sign-on take their role and partitions from the identity provider's groups at every
// sign-in (sso-accounts.ts), so the Users page cannot change them: an edit here would be silently undone. The
// console's disabled flag stays editable (and wins), and such accounts have no console password to reset.
import { badRequest } from '../http/api-error';
import type { UserRecord } from '../store/users-repo';

const FROM_GROUPS = 'Set by single sign-on groups; change them at the identity provider';

/** Throws 400 naming `role` / `partitions` when `change` touches them on an SSO-managed account. */
export function refuseGroupManagedChange(
  user: UserRecord,
  change: { role?: unknown; partitions?: unknown },
): void {
  if (!user.sso) return;
  const paths = (['role', 'partitions'] as const).filter((path) => change[path] !== undefined);
  if (paths.length === 0) return;
  throw badRequest(
    'This user’s role and partitions come from single sign-on groups.',
    paths.map((path) => ({ path, message: FROM_GROUPS })),
    { reason: 'user_sso_managed' },
  );
}

/** Throws 400 for a password reset of an SSO-managed account: it signs in only through its provider. */
export function refuseSsoPasswordReset(user: UserRecord): void {
  if (user.sso)
    throw badRequest(
      'This user signs in with single sign-on and has no console password.',
      [{ path: 'password', message: 'Passwords of single sign-on users are kept by the identity provider' }],
      { reason: 'user_sso_password' },
    );
}
