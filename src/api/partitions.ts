import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { PartitionsResponseSchema } from '../../server/contract/partitions';
import type { Partition } from '../../server/contract/partitions';
import { requestJson } from './client';

export async function fetchPartitions(options: { refresh?: boolean } = {}): Promise<Partition[]> {
  const searchParams = options.refresh ? { refresh: '1' } : undefined;
  const body = await requestJson('partitions', PartitionsResponseSchema, { searchParams });
  return body.partitions;
}

export const partitionQueries = {
  all: () => ['partitions'] as const,
  // Partitions change rarely and the proxy caches them too; a long staleTime keeps a lead page at one call.
  list: () =>
    queryOptions({
      queryKey: [...partitionQueries.all(), 'list'] as const,
      queryFn: () => fetchPartitions(),
      staleTime: 30 * 60_000,
    }),
};

/** Asks the proxy to skip its cache, then stores the fresh list under the usual key. */
export function useRefreshPartitions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => fetchPartitions({ refresh: true }),
    onSuccess: (partitions) => queryClient.setQueryData(partitionQueries.list().queryKey, partitions),
  });
}

export function partitionNameById(partitions: Partition[] | undefined, id: number): string | undefined {
  return partitions?.find((partition) => partition.id === id)?.name;
}
