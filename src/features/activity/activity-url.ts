import { ActivityActionSchema } from '../../../server/contract/activity';
import type { ActivityAction } from '../../../server/contract/activity';
import type { ActivityFilters } from '../../api/activity';

/** The filters as the URL and the form hold them: dates are whole days (`2026-11-29`), in the user's time zone. */
export type ActivityUrlFilters = {
  user: string;
  partition: string;
  action: ActivityAction | '';
  from: string;
  to: string;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(value: string | null): string {
  return value && DAY.test(value) && !Number.isNaN(new Date(`${value}T00:00:00`).getTime()) ? value : '';
}

export function filtersFromUrl(search: URLSearchParams): ActivityUrlFilters {
  const action = ActivityActionSchema.safeParse(search.get('action'));
  return {
    user: search.get('user') ?? '',
    partition: search.get('partition') ?? '',
    action: action.success ? action.data : '',
    from: day(search.get('from')),
    to: day(search.get('to')),
  };
}

/** Only what is set, so a shared link stays short. */
export function filtersToUrl(filters: ActivityUrlFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    const trimmed = value.trim();
    if (trimmed) search.set(key, trimmed);
  }
  return search;
}

/** Whole local days become instants: `from` at the day's first millisecond, `to` at its last (both inclusive). */
export function filtersForApi(filters: ActivityUrlFilters): ActivityFilters {
  const from = day(filters.from);
  const to = day(filters.to);
  return {
    ...(filters.user.trim() && { user: filters.user.trim() }),
    ...(filters.partition && { partition: filters.partition }),
    ...(filters.action && { action: filters.action }),
    ...(from && { from: new Date(`${from}T00:00:00`).toISOString() }),
    ...(to && { to: new Date(`${to}T23:59:59.999`).toISOString() }),
  };
}
