import { queryOptions } from '@tanstack/react-query';
import { LeadHistoryResponseSchema, type LeadHistoryResponse } from '../../server/contract/lead-history';
import { leadQueries } from './leads';
import { requestJson } from './client';

export async function fetchLeadHistory(id: number): Promise<LeadHistoryResponse> {
  return requestJson(`leads/${id}/history`, LeadHistoryResponseSchema);
}

export const leadHistoryQueries = {
  // Under the leads key, so a move or write (which invalidates every lead query) refreshes an open history too.
  detail: (id: number) =>
    queryOptions({
      queryKey: [...leadQueries.all(), 'history', id] as const,
      queryFn: () => fetchLeadHistory(id),
    }),
};
