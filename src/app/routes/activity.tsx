import { useMemo } from 'react';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import { useSearchParams } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { activityCsvHref } from '../../api/activity';
import { useAccess } from '../../api/use-access';
import { ActivityFiltersForm } from '../../features/activity/activity-filters-form';
import { ActivityTable } from '../../features/activity/activity-table';
import { filtersForApi, filtersFromUrl, filtersToUrl } from '../../features/activity/activity-url';

/** `/activity?user=&partition=&action=&from=&to=`: who did what; the URL holds the filters so it can be shared. */
export default function ActivityPage() {
  const [search, setSearch] = useSearchParams();
  const { isAdmin } = useAccess();
  const query = search.toString();
  // Keyed by the query string: a new object per render would reset the form and refetch.
  const filters = useMemo(() => filtersFromUrl(new URLSearchParams(query)), [query]);
  const apiFilters = useMemo(() => filtersForApi(filters), [filters]);
  return (
    <Stack spacing={3}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography variant="h1">
          <FormattedMessage id="page.activity" />
        </Typography>
        <Button
          component="a"
          href={activityCsvHref(apiFilters)}
          download
          variant="outlined"
          startIcon={<FileDownloadOutlined />}
        >
          <FormattedMessage id="activity.exportCsv" />
        </Button>
      </Stack>
      <Typography color="text.secondary">
        <FormattedMessage id={isAdmin ? 'activity.intro.admin' : 'activity.intro'} />
      </Typography>
      <ActivityFiltersForm filters={filters} onApply={(next) => setSearch(filtersToUrl(next))} />
      <ActivityTable filters={apiFilters} />
    </Stack>
  );
}
