import { QueryClient } from '@tanstack/react-query';
import { isTransient } from '../api/api-error';
import type { ApiError } from '../api/api-error';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}

/** App defaults: an admin tool, so no refetch on focus; writes are never retried automatically. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
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
}
