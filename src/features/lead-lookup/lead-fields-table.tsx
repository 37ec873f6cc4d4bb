import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableRow from '@mui/material/TableRow';
import type { Lead } from '../../../server/contract/leads';

function show(value: Lead['fields'][string]): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

export function LeadFieldsTable({ lead }: { lead: Lead }) {
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label={`Fields of lead ${lead.id}`}>
        <TableBody>
          {Object.entries(lead.fields).map(([name, value]) => (
            <TableRow key={name}>
              <TableCell component="th" scope="row" sx={{ width: '35%' }}>
                {name}
              </TableCell>
              <TableCell>{show(value)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
