import { useQuery } from '@tanstack/react-query';
import type { ImportSettings } from '../../../server/contract/imports';
import { importQueries } from '../../api/imports';
import { useDebounced } from './use-debounced';

// Long enough to let someone click through several column choices without a check per click.
const CHECK_DELAY_MS = 500;

/**
 * The check of every row for these settings, re-run once they stop changing. `current` is true only when the
 * answer on screen is for exactly the settings on screen, so nothing starts on an out-of-date check.
 */
export function useImportCheck(settings: ImportSettings | null) {
  const [settled, flush] = useDebounced(settings, CHECK_DELAY_MS);
  const query = useQuery(importQueries.check(settled));
  const current =
    settings !== null &&
    settled === settings &&
    !query.isPlaceholderData &&
    !query.isFetching &&
    !query.isError;
  const recheck = () => {
    if (settled === settings) void query.refetch();
    else flush();
  };
  return {
    check: query.data,
    error: query.error,
    checking: query.isFetching || settled !== settings,
    current,
    recheck,
  };
}
