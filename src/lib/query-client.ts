import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError, isTransient } from '../api/api-error';
import type { ApiError } from '../api/api-error';
import { statusQueries } from '../api/status';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}

/** App defaults: an admin tool, so no refetch on focus; writes are never retried automatically. */
export function createQueryClient(): QueryClient {
  // A spent quota concerns every page: refresh the status so the shell's banner appears at once.
  const onError = (error: unknown) => {
    if (isApiError(error) && error.code === 'quota_exhausted') {
      void client.invalidateQueries({ queryKey: statusQueries.all() });
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
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
