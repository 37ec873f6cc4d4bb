import { useMemo, useState } from 'react';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import type { MessageId } from '../../i18n/message-ids';
import type { ImportJob } from '../../../server/contract/imports';
import { fieldQueries } from '../../api/fields';
import { importDoneRows, importQueries } from '../../api/imports';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { leadHref } from '../../config/paths';
import { useAccess } from '../../api/use-access';
import { MoveSelectionBar } from '../move-selection/move-selection-bar';
import { SelectLeadCell, SelectPageCell } from '../move-selection/select-cells';
import { useLeadSelection } from '../move-selection/use-lead-selection';
import { ImportReason } from './import-reason';
import { ReasonFilter } from './reason-filter';
import { resultsFilterFromUrl, resultsFilterToUrl, rowFilters, type RowFilter } from './results-url';
import { rowStatusWords } from './import-words';
import { loadRememberedMapping } from './remembered-mapping';
import { lookupColumn, resultColumns } from './result-columns';

const PAGE_SIZE = 100;

// MUI's pagination says these in English unless told.
const PAGE_BUTTON_WORDS = {
  first: 'table.page.first',
  last: 'table.page.last',
  next: 'table.page.next',
  previous: 'table.page.previous',
} as const satisfies Record<'first' | 'last' | 'next' | 'previous', MessageId>;

/**
 * Every row's outcome, a page at a time, filtered by status; refreshed as the job moves on. An editor may select
 * leads to move, or every row of the filter over all pages (the server reads those rows).
 */
export function ImportResults({ job }: { job: ImportJob }) {
  const intl = useIntl();
  // The filter and page live in the URL, so Back (say, from a lead opened from a row) comes back to them.
  const [search, setSearch] = useSearchParams();
  const { filter, reason, page } = resultsFilterFromUrl(search);
  // The table stays where the user is reading (ScrollRestoration would jump to the top). Another page of the
  // same rows replaces the history entry, so Back leaves the results instead of stepping through each page; a
  // new filter is a view the user chose, worth its own entry for Back to return from.
  const show = (next: { filter: RowFilter; reason?: string | undefined; page: number }) =>
    setSearch(resultsFilterToUrl(search, next), {
      preventScrollReset: true,
      replace: next.filter === filter && next.reason === reason,
    });
  const progress = `${job.state}:${importDoneRows(job.counts)}:${job.counts.cancelled}:${job.counts.sent}`;
  const { data, error, refetch, isPlaceholderData } = useQuery(
    importQueries.results(
      job.id,
      {
        ...(filter !== 'all' && { status: filter }),
        ...(reason !== undefined && { reason }),
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      },
      progress,
    ),
  );
  const fields = useQuery(fieldQueries.list());
  const { canWriteLeads } = useAccess();
  const selection = useLeadSelection(`${job.id}:${filter}:${reason ?? ''}`);
  const fromResults = (target: string) => ({
    from: 'import' as const,
    jobId: job.id,
    target,
    ...(filter !== 'all' && { status: filter }),
    ...(reason !== undefined && { reason }),
  });
  // Read once: what this browser remembers changes only when an import is started, on another page.
  const [remembered] = useState(loadRememberedMapping);
  const columns = data?.columns;
  const shown = useMemo(
    () =>
      columns === undefined
        ? []
        : resultColumns(columns, lookupColumn(columns, job.lookupField, fields.data ?? [], remembered)),
    [columns, job.lookupField, fields.data, remembered],
  );

  return (
    <Stack spacing={2}>
      <ToggleButtonGroup
        exclusive
        size="small"
        value={filter}
        aria-label={intl.formatMessage({ id: 'import.results.show' })}
        onChange={(_event, value: RowFilter | null) => {
          if (value === null) return;
          show({ filter: value, page: 0 });
        }}
        sx={{ flexWrap: 'wrap' }}
      >
        {rowFilters(intl).map(({ value, label, description }) =>
          description === undefined ? (
            <ToggleButton key={value} value={value}>
              {label}
            </ToggleButton>
          ) : (
            <Tooltip key={value} title={description} describeChild>
              <ToggleButton value={value}>{label}</ToggleButton>
            </Tooltip>
          ),
        )}
      </ToggleButtonGroup>
      <ReasonFilter
        job={job}
        status={filter === 'all' ? undefined : filter}
        reason={reason}
        progress={progress}
        onChange={(next) => show({ filter, reason: next, page: 0 })}
      />
      {error && <ApiErrorAlert error={error} onRetry={() => void refetch()} />}
      {canWriteLeads && data !== undefined && data.total > 0 && (
        <MoveSelectionBar selection={selection} matching={data.total} fromResults={fromResults} />
      )}
      {data === undefined ? (
        !error && <LoadingBlock label="loading.importResults" rows={5} />
      ) : (
        <Paper>
          {/* Scrolls sideways when the values are wide; focusable so a keyboard can scroll it too. */}
          <TableContainer
            sx={{ opacity: isPlaceholderData ? 0.6 : 1 }}
            tabIndex={0}
            role="region"
            aria-label={intl.formatMessage({ id: 'import.results.rows' })}
          >
            <Table
              size="small"
              aria-label={intl.formatMessage({ id: 'import.results.table' })}
              aria-busy={isPlaceholderData}
            >
              <TableHead>
                <TableRow>
                  {canWriteLeads && (
                    <SelectPageCell
                      selection={selection}
                      pageIds={data.rows.flatMap((row) => (row.leadId === undefined ? [] : [row.leadId]))}
                    />
                  )}
                  <TableCell>
                    <FormattedMessage id="import.row" />
                  </TableCell>
                  {shown.map((index) => (
                    <TableCell key={index} sx={{ whiteSpace: 'nowrap' }}>
                      {data.columns[index]}
                    </TableCell>
                  ))}
                  <TableCell>
                    <FormattedMessage id="users.column.status" />
                  </TableCell>
                  <TableCell>
                    <FormattedMessage id="import.results.lead" />
                  </TableCell>
                  <TableCell>
                    <FormattedMessage id="import.results.reason" />
                  </TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.rows.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={shown.length + (canWriteLeads ? 5 : 4)}>
                      <Typography variant="body2" color="text.secondary">
                        <FormattedMessage
                          id={job.state === 'running' ? 'import.results.noneYet' : 'import.results.none'}
                        />
                      </Typography>
                    </TableCell>
                  </TableRow>
                )}
                {data.rows.map((row) => {
                  const status = rowStatusWords(intl, row.status);
                  return (
                    <TableRow key={row.row}>
                      {canWriteLeads && <SelectLeadCell selection={selection} leadId={row.leadId} />}
                      <TableCell>{row.row}</TableCell>
                      {shown.map((index) => (
                        // One line each, however long: an email broken mid-address reads as two. The table
                        // scrolls sideways instead.
                        <TableCell key={index} sx={{ whiteSpace: 'nowrap' }}>
                          {row.values[index] ?? ''}
                        </TableCell>
                      ))}
                      <TableCell>
                        <Chip
                          size="small"
                          label={status.label}
                          color={status.color}
                          variant={status.color === 'default' ? 'outlined' : 'filled'}
                        />
                      </TableCell>
                      <TableCell>
                        {row.leadId !== undefined && (
                          <Link
                            component={RouterLink}
                            to={leadHref(row.leadId)}
                            aria-label={intl.formatMessage({ id: 'reason.openLead' }, { id: row.leadId })}
                          >
                            {row.leadId}
                          </Link>
                        )}
                      </TableCell>
                      <TableCell sx={{ minWidth: 240 }}>
                        {row.reason ? (
                          <ImportReason reason={row.reason} lookupField={job.lookupField} />
                        ) : (
                          status.description
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </TableContainer>
          <TablePagination
            component="div"
            count={data.total}
            page={page}
            rowsPerPage={PAGE_SIZE}
            rowsPerPageOptions={[PAGE_SIZE]}
            onPageChange={(_event, next) => show({ filter, page: next })}
            labelDisplayedRows={({ from, to, count }) =>
              intl.formatMessage({ id: 'table.displayedRows' }, { from, to, count })
            }
            getItemAriaLabel={(type) => intl.formatMessage({ id: PAGE_BUTTON_WORDS[type] })}
          />
        </Paper>
      )}
    </Stack>
  );
}
