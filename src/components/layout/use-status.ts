import { useQuery } from '@tanstack/react-query';
import { statusQueries } from '../../api/status';
import { useSession } from '../../api/use-session';

/**
 * The instance's status, asked only once someone is signed in: the proxy answers 401 to anyone else, and a 401
 * reads as an ended session (see query-client.ts), which would greet a first visit with "Your session has ended".
 */
export function useStatus() {
  const { data: session } = useSession();
  return useQuery({ ...statusQueries.current(), enabled: Boolean(session) });
}
