import { canWriteLeads, isAdmin } from '../lib/access';
import { useSession } from './use-session';

/** What the signed-in user may do; nothing at all until the session is known. */
export function useAccess() {
  const { data } = useSession();
  const user = data?.user;
  return { user, canWriteLeads: canWriteLeads(user), isAdmin: isAdmin(user) };
}
