import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableContainer from '@mui/material/TableContainer';
import type { ReactNode } from 'react';

type Props = { regionLabel: string; tableLabel: string; maxHeight: number; children: ReactNode };

/** A small table in a box of bounded height, its header kept in view while the rows scroll. */
export function ScrollingTable({ regionLabel, tableLabel, maxHeight, children }: Props) {
  return (
    // Focusable so that keyboard users can scroll it, sideways too when the table is wide.
    <TableContainer component={Paper} sx={{ maxHeight }} tabIndex={0} role="region" aria-label={regionLabel}>
      <Table size="small" stickyHeader aria-label={tableLabel}>
        {children}
      </Table>
    </TableContainer>
  );
}
