import { queryOptions } from '@tanstack/react-query';
import { StatusResponseSchema } from '../../server/contract/status';
import type { StatusResponse } from '../../server/contract/status';
import { requestJson } from './client';

export async function fetchStatus(): Promise<StatusResponse> {
  return requestJson('status', StatusResponseSchema);
}

export const statusQueries = {
  all: () => ['status'] as const,
  // Shown in the shell on every page; refreshed now and then rather than on each navigation.
  current: () =>
    queryOptions({
      queryKey: [...statusQueries.all(), 'current'] as const,
      queryFn: fetchStatus,
      staleTime: 5 * 60_000,
    }),
};
