import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useInfiniteQuery } from '@tanstack/react-query';
import { FormattedMessage, useIntl } from 'react-intl';
import { activityQueries } from '../../api/activity';
import type { ActivityFilters } from '../../api/activity';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { ActivityRow } from './activity-row';

/** The audit trail, newest first, a page at a time. */
export function ActivityTable({ filters }: { filters: ActivityFilters }) {
  const intl = useIntl();
  const { data, error, refetch, fetchNextPage, hasNextPage, isFetchingNextPage } = useInfiniteQuery(
    activityQueries.list(filters),
  );
  if (data === undefined) {
    if (error) return <ApiErrorAlert error={error} onRetry={() => void refetch()} />;
    return <LoadingBlock label="loading.activity" rows={5} />;
  }
  const entries = data.pages.flatMap((page) => page.entries);
  if (entries.length === 0)
    return (
      <Typography>
        <FormattedMessage id="activity.empty" />
      </Typography>
    );
  return (
    <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
      <TableContainer component={Paper}>
        <Table size="small" aria-label={intl.formatMessage({ id: 'activity.table' })}>
          <TableHead>
            <TableRow>
              <TableCell>
                <FormattedMessage id="activity.column.details" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="activity.column.time" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="activity.column.user" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="activity.column.action" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="activity.column.partitions" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="activity.column.leads" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="activity.column.outcome" />
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {entries.map((entry) => (
              <ActivityRow key={entry.id} entry={entry} />
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {error && <ApiErrorAlert error={error} />}
      {hasNextPage && (
        <Button variant="outlined" disabled={isFetchingNextPage} onClick={() => void fetchNextPage()}>
          <FormattedMessage id={isFetchingNextPage ? 'common.loading' : 'common.loadMore'} />
        </Button>
      )}
    </Stack>
  );
}
