import Alert from '@mui/material/Alert';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { FormattedMessage, useIntl } from 'react-intl';
import { leadHistoryQueries } from '../../api/lead-history';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { LocalTime } from '../../i18n/formatted';
import { actorWords, eventWords, sourceWords } from './history-words';

/** The timeline itself; mounted only while the History section is open, so its call happens only then. */
export function LeadHistoryList({ leadId }: { leadId: number }) {
  const intl = useIntl();
  const { data, error, refetch } = useQuery(leadHistoryQueries.detail(leadId));
  if (data === undefined) {
    if (error) return <ApiErrorAlert error={error} onRetry={() => void refetch()} />;
    return <LoadingBlock label="loading.leadHistory" values={{ id: leadId }} />;
  }
  return (
    <>
      {!data.complete && (
        <Alert severity="info">
          <FormattedMessage id="history.incomplete" />
        </Alert>
      )}
      {data.events.length === 0 ? (
        <Typography>
          <FormattedMessage id="history.empty" values={{ time: <LocalTime iso={data.since} /> }} />
        </Typography>
      ) : (
        <Table size="small" aria-label={intl.formatMessage({ id: 'history.table' }, { id: leadId })}>
          <TableHead>
            <TableRow>
              <TableCell>
                <FormattedMessage id="history.column.when" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="history.column.what" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="history.column.who" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="history.column.source" />
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.events.map((event, index) => (
              <TableRow key={`${event.at}-${index}`}>
                <TableCell>
                  <LocalTime iso={event.at} />
                </TableCell>
                <TableCell>{eventWords(intl, event)}</TableCell>
                <TableCell>{actorWords(intl, event)}</TableCell>
                <TableCell>{sourceWords(intl, event)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
