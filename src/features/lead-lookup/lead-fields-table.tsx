import type { IntlShape } from 'react-intl';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableRow from '@mui/material/TableRow';
import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import type { Lead } from '../../../server/contract/leads';
import { fieldQueries } from '../../api/fields';
import { formatLocalTime } from '../../lib/format-time';

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function show(intl: IntlShape, value: Lead['fields'][string]): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'boolean') return intl.formatMessage({ id: value ? 'common.yes' : 'common.no' });
  if (typeof value === 'string' && isoDateTime.test(value)) return formatLocalTime(intl, value);
  if (typeof value === 'number') return intl.formatNumber(value);
  return String(value);
}

export function LeadFieldsTable({ lead }: { lead: Lead }) {
  const intl = useIntl();
  // The catalogue is cached for an hour and the lookup page fetches it ahead, so opening a lead from there stays
  // one proxy call; until it arrives (a deep link), rows show API names.
  const { data: fields } = useQuery(fieldQueries.list());
  const label = (name: string) => fields?.find((field) => field.name === name)?.displayName ?? name;
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label={intl.formatMessage({ id: 'lead.fields' }, { id: lead.id })}>
        <TableBody>
          {Object.entries(lead.fields).map(([name, value]) => (
            <TableRow key={name}>
              <TableCell component="th" scope="row" sx={{ width: '35%' }}>
                {label(name)}
              </TableCell>
              <TableCell>{show(intl, value)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
