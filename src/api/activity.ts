import { infiniteQueryOptions } from '@tanstack/react-query';
import { ActivityPageSchema } from '../../server/contract/activity';
import type { ActivityPage, ActivityQuery } from '../../server/contract/activity';
import { requestJson } from './client';

/** The filters of `GET /api/activity`, as the server reads them (no cursor, no limit). */
export type ActivityFilters = Omit<ActivityQuery, 'cursor' | 'limit'>;

const PAGE_SIZE = 50;

/** Only the filters that are set, in a stable order: the same query string for the table and the CSV. */
export function activitySearchParams(filters: ActivityFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['user', 'partition', 'action', 'from', 'to'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

export async function fetchActivity(
  filters: ActivityFilters,
  cursor: string | undefined,
): Promise<ActivityPage> {
  const searchParams = activitySearchParams(filters);
  searchParams.set('limit', String(PAGE_SIZE));
  if (cursor) searchParams.set('cursor', cursor);
  return requestJson('activity', ActivityPageSchema, { searchParams });
}

/** Same origin, so a plain link downloads it with the session cookie. */
export function activityCsvHref(filters: ActivityFilters): string {
  const query = activitySearchParams(filters).toString();
  return query ? `/api/activity.csv?${query}` : '/api/activity.csv';
}

export const activityQueries = {
  all: () => ['activity'] as const,
  list: (filters: ActivityFilters) =>
    infiniteQueryOptions({
      queryKey: [...activityQueries.all(), 'list', filters] as const,
      queryFn: ({ pageParam }) => fetchActivity(filters, pageParam),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
};
