import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError, isTransient } from '../api/api-error';
import type { ApiError } from '../api/api-error';
import { forgetSession, sessionQueries } from '../api/session';
import { statusQueries } from '../api/status';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}

/** App defaults: an admin tool, so no refetch on focus; writes are never retried automatically. */
export function createQueryClient(): QueryClient {
  const onError = (error: unknown) => {
    // A spent quota concerns every page: refresh the status so the shell's banner appears at once.
    if (isApiError(error) && error.code === 'quota_exhausted') {
      void client.invalidateQueries({ queryKey: statusQueries.all() });
    }
    // The session expired or an admin disabled the account: whatever the page, the user must sign in again.
    if (isApiError(error) && error.code === 'unauthenticated') forgetSession(client);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        // A 401 from signing in means wrong credentials, not an ended session.
        if (mutation.options.mutationKey?.[0] === sessionQueries.all()[0]) return;
        onError(error);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Only transient trouble is retried; a 404 or a validation error will not change by asking again.
        retry: (failureCount, error) => failureCount < 2 && isTransient(error),
      },
      mutations: { retry: false },
    },
  });
  return client;
}
