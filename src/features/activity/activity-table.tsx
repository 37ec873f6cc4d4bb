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
import { activityQueries } from '../../api/activity';
import type { ActivityFilters } from '../../api/activity';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { ActivityRow } from './activity-row';

/** The audit trail, newest first, a page at a time. */
export function ActivityTable({ filters }: { filters: ActivityFilters }) {
  const { data, error, refetch, fetchNextPage, hasNextPage, isFetchingNextPage } = useInfiniteQuery(
    activityQueries.list(filters),
  );
  if (data === undefined) {
    if (error) return <ApiErrorAlert error={error} onRetry={() => void refetch()} />;
    return <LoadingBlock label="Loading activity" rows={5} />;
  }
  const entries = data.pages.flatMap((page) => page.entries);
  if (entries.length === 0) return <Typography>No activity matches these filters.</Typography>;
  return (
    <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
      <TableContainer component={Paper}>
        <Table size="small" aria-label="Activity">
          <TableHead>
            <TableRow>
              <TableCell>Details</TableCell>
              <TableCell>Time</TableCell>
              <TableCell>User</TableCell>
              <TableCell>Action</TableCell>
              <TableCell>Partitions</TableCell>
              <TableCell>Leads</TableCell>
              <TableCell>Outcome</TableCell>
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
          {isFetchingNextPage ? 'Loading…' : 'Load more'}
        </Button>
      )}
    </Stack>
  );
}
