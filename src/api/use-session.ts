import { useQuery } from '@tanstack/react-query';
import { sessionQueries } from './session';

/** The session as read once at start: `data` is the session, `null` when signed out, undefined while loading. */
export function useSession() {
  return useQuery(sessionQueries.current());
}
