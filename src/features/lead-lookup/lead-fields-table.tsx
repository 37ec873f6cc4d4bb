import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableRow from '@mui/material/TableRow';
import { useQueryClient } from '@tanstack/react-query';
import type { Lead } from '../../../server/contract/leads';
import { fieldQueries } from '../../api/fields';
import { formatLocalTime } from '../../lib/format-time';

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function show(value: Lead['fields'][string]): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' && isoDateTime.test(value)) return formatLocalTime(value);
  return String(value);
}

export function LeadFieldsTable({ lead }: { lead: Lead }) {
  // Display names only when the form already loaded them: this page stays at one proxy call.
  const fields = useQueryClient().getQueryData(fieldQueries.list().queryKey);
  const label = (name: string) => fields?.find((field) => field.name === name)?.displayName ?? name;
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label={`Fields of lead ${lead.id}`}>
        <TableBody>
          {Object.entries(lead.fields).map(([name, value]) => (
            <TableRow key={name}>
              <TableCell component="th" scope="row" sx={{ width: '35%' }}>
                {label(name)}
              </TableCell>
              <TableCell>{show(value)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
