import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { leadQueries } from '../../api/leads';
import { partitionQueries } from '../../api/partitions';
import { useAccess } from '../../api/use-access';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { leadHref } from '../../config/paths';
import { MoveSelectionBar } from '../move-selection/move-selection-bar';
import { SelectLeadCell, SelectPageCell } from '../move-selection/select-cells';
import { useLeadSelection } from '../move-selection/use-lead-selection';
import { PartitionLabel } from './partition-label';

/** Every lead with this email, whichever partition it lives in; an editor may select some to move together. */
export function LeadSearchResults({ email }: { email: string }) {
  const intl = useIntl();
  const { data, error, refetch } = useQuery(leadQueries.byEmail(email));
  const partitions = useQuery(partitionQueries.list());
  const { canWriteLeads } = useAccess();
  const selection = useLeadSelection(email);
  if (data === undefined) {
    if (error) return <ApiErrorAlert error={error} onRetry={() => void refetch()} />;
    return <LoadingBlock label="loading.searchingLeads" rows={2} />;
  }
  if (data.length === 0)
    return (
      <Typography>
        <FormattedMessage id="lookup.noLead" values={{ email }} />
      </Typography>
    );
  return (
    <Stack spacing={2}>
      {canWriteLeads && <MoveSelectionBar selection={selection} />}
      <TableContainer component={Paper}>
        <Table size="small" aria-label={intl.formatMessage({ id: 'lookup.results' }, { email })}>
          <TableHead>
            <TableRow>
              {canWriteLeads && (
                <SelectPageCell selection={selection} pageIds={data.map((lead) => lead.id)} />
              )}
              <TableCell>
                <FormattedMessage id="lookup.column.id" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="lookup.column.name" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="lookup.column.email" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="lookup.column.partition" />
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((lead) => (
              <TableRow key={lead.id}>
                {canWriteLeads && <SelectLeadCell selection={selection} leadId={lead.id} />}
                <TableCell>
                  <Link component={RouterLink} to={leadHref(lead.id)}>
                    {lead.id}
                  </Link>
                </TableCell>
                <TableCell>
                  {[lead.fields.firstName, lead.fields.lastName].filter(Boolean).join(' ')}
                </TableCell>
                <TableCell>{String(lead.fields.email ?? '')}</TableCell>
                <TableCell>
                  <PartitionLabel partition={lead.partition} partitions={partitions.data} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Stack>
  );
}
