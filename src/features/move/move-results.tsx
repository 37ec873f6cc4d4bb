import { useState } from 'react';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { FormattedMessage, useIntl } from 'react-intl';
import type { MoveJob, MoveRowStatus } from '../../../server/contract/moves';
import { moveQueries } from '../../api/moves';
import { useAccess } from '../../api/use-access';
import { MoveSelectionBar } from '../move-selection/move-selection-bar';
import { SelectLeadCell, SelectPageCell } from '../move-selection/select-cells';
import { useLeadSelection } from '../move-selection/use-lead-selection';
import { MOVE_STATUSES, moveStatusWords } from './move-words';

const PAGE = 100;

/**
 * Every row of the job, a page at a time, filtered by status. Once the job has finished, an editor may move
 * selected leads again (the failed or skipped ones, say), or every row of the filter over all pages.
 */
export function MoveResults({ job }: { job: MoveJob }) {
  const intl = useIntl();
  const [status, setStatus] = useState<MoveRowStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const filter = { ...(status === '' ? {} : { status }), offset, limit: PAGE };
  const { data } = useQuery(moveQueries.rows(job.id, filter, `${job.state}:${JSON.stringify(job.counts)}`));
  const rows = data?.rows ?? [];
  const total = data?.total ?? 0;
  const { canWriteLeads } = useAccess();
  const finished = job.state === 'completed' || job.state === 'cancelled' || job.state === 'failed';
  const selecting = canWriteLeads && finished;
  const selection = useLeadSelection(`${job.id}:${status}`);
  const fromResults = (target: string) => ({
    from: 'move' as const,
    jobId: job.id,
    target,
    ...(status !== '' && { status }),
  });
  return (
    <Stack spacing={2}>
      <TextField
        select
        size="small"
        label={intl.formatMessage({ id: 'bulkMove.filter' })}
        value={status}
        onChange={(event) => {
          setStatus(event.target.value as MoveRowStatus | '');
          setOffset(0);
        }}
        sx={{ maxWidth: 260 }}
      >
        <MenuItem value="">
          <FormattedMessage id="bulkMove.filter.all" />
        </MenuItem>
        {MOVE_STATUSES.filter((s) => (job.counts[s] ?? 0) > 0).map((s) => (
          <MenuItem key={s} value={s}>
            <FormattedMessage id={moveStatusWords[s]} />
          </MenuItem>
        ))}
      </TextField>
      {selecting && total > 0 && (
        <MoveSelectionBar selection={selection} matching={total} fromResults={fromResults} />
      )}
      <TableContainer>
        <Table size="small" aria-label={intl.formatMessage({ id: 'bulkMove.results' })}>
          <TableHead>
            <TableRow>
              {selecting && (
                <SelectPageCell
                  selection={selection}
                  pageIds={rows.flatMap((row) => (row.leadId === undefined ? [] : [row.leadId]))}
                />
              )}
              <TableCell>
                <FormattedMessage id="bulkMove.column.row" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="bulkMove.column.value" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="bulkMove.column.lead" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="bulkMove.column.from" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="bulkMove.column.to" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="bulkMove.column.status" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="bulkMove.column.reason" />
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.row}>
                {selecting && <SelectLeadCell selection={selection} leadId={row.leadId} />}
                <TableCell>{row.row}</TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>{row.value}</TableCell>
                <TableCell>{row.leadId ?? '—'}</TableCell>
                <TableCell>{row.from ?? '—'}</TableCell>
                <TableCell>{row.to ?? '—'}</TableCell>
                <TableCell>
                  <FormattedMessage id={moveStatusWords[row.status]} />
                </TableCell>
                <TableCell>{row.reason?.message ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button size="small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          <FormattedMessage id="bulkMove.page.previous" />
        </Button>
        <Typography>
          <FormattedMessage
            id="bulkMove.page.range"
            values={{ first: total === 0 ? 0 : offset + 1, last: offset + rows.length, total }}
          />
        </Typography>
        <Button size="small" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
          <FormattedMessage id="bulkMove.page.next" />
        </Button>
      </Stack>
    </Stack>
  );
}
