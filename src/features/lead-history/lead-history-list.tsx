import Alert from '@mui/material/Alert';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { leadHistoryQueries } from '../../api/lead-history';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { formatLocalTime } from '../../lib/format-time';
import { actorWords, eventWords, sourceWords } from './history-words';

/** The timeline itself; mounted only while the History section is open, so its call happens only then. */
export function LeadHistoryList({ leadId }: { leadId: number }) {
  const { data, error, refetch } = useQuery(leadHistoryQueries.detail(leadId));
  if (data === undefined) {
    if (error) return <ApiErrorAlert error={error} onRetry={() => void refetch()} />;
    return <LoadingBlock label={`Loading the history of lead ${leadId}`} />;
  }
  return (
    <>
      {!data.complete && (
        <Alert severity="info">Older changes may be missing: the history stopped at its limit.</Alert>
      )}
      {data.events.length === 0 ? (
        <Typography>No partition changes since {formatLocalTime(data.since)}.</Typography>
      ) : (
        <Table size="small" aria-label={`Partition history of lead ${leadId}`}>
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>What</TableCell>
              <TableCell>Who</TableCell>
              <TableCell>Recorded by</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.events.map((event, index) => (
              <TableRow key={`${event.at}-${index}`}>
                <TableCell>{formatLocalTime(event.at)}</TableCell>
                <TableCell>{eventWords(event)}</TableCell>
                <TableCell>{actorWords(event)}</TableCell>
                <TableCell>{sourceWords(event)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
