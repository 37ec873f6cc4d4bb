// The results table's filter and page as URL search params (`?status=skipped&page=3`, page counted from 1), so
// a shared link or Back shows the same rows. Anything else in the URL is kept; a value that makes no sense reads
// as the default.
import {
  ImportRowStatusSchema,
  ResultReasonCodeSchema,
  type ImportRowStatus,
} from '../../../server/contract/imports';
import { rowStatusWords } from './import-words';
import type { IntlShape } from 'react-intl';

export type RowFilter = 'all' | ImportRowStatus;

/** The filter buttons: every status a row can end in (rows still waiting are left out: they move on). */
export function rowFilters(intl: IntlShape): { value: RowFilter; label: string; description?: string }[] {
  return [
    { value: 'all', label: intl.formatMessage({ id: 'import.filter.all' }) },
    ...ImportRowStatusSchema.options
      .filter((status) => status !== 'pending')
      .map((status) => {
        const { label, description } = rowStatusWords(intl, status);
        return { value: status, label, ...(description !== undefined && { description }) };
      }),
  ];
}

/** `reason`: a reason code narrowing the filter (`?reason=1010`), absent for rows of any reason. */
export function resultsFilterFromUrl(search: URLSearchParams): {
  filter: RowFilter;
  reason: string | undefined;
  page: number;
} {
  const status = ImportRowStatusSchema.safeParse(search.get('status'));
  const page = Number(search.get('page'));
  const reason = ResultReasonCodeSchema.safeParse(search.get('reason'));
  return {
    filter: status.success ? status.data : 'all',
    reason: reason.success ? reason.data : undefined,
    page: Number.isInteger(page) && page >= 1 ? page - 1 : 0,
  };
}

/** Only what differs from the default, so the plain page keeps its plain link. */
export function resultsFilterToUrl(
  search: URLSearchParams,
  { filter, reason, page }: { filter: RowFilter; reason?: string | undefined; page: number },
): URLSearchParams {
  const next = new URLSearchParams(search);
  if (filter === 'all') next.delete('status');
  else next.set('status', filter);
  if (reason === undefined) next.delete('reason');
  else next.set('reason', reason);
  if (page === 0) next.delete('page');
  else next.set('page', String(page + 1));
  return next;
}
