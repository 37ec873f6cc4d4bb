import { useState } from 'react';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import type { MoveFromResults } from '../../../server/contract/moves';
import { useMoveSelection } from '../../api/moves';
import { partitionQueries } from '../../api/partitions';
import { useAccess } from '../../api/use-access';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { moveJobHref } from '../../config/paths';
import type { LeadSelection } from './use-lead-selection';

interface Props {
  selection: LeadSelection;
  /** Rows matching the current filter over every page; with `fromResults`, all of them can be selected at once. */
  matching?: number;
  /** The server-side request for "every row matching this filter", when the list has one. */
  fromResults?: (target: string) => MoveFromResults;
}

/**
 * What the user selected and where to move it. Every selection becomes a bulk move job that opens on its preview
 * page: the same lookup within the user's grants, one click to start, audited, resumable and undoable; a few
 * leads cost one lookup call more than a direct move, and nothing is moved before the user has seen where from.
 */
export function MoveSelectionBar({ selection, matching, fromResults }: Props) {
  const intl = useIntl();
  const navigate = useNavigate();
  const { canWriteLeads } = useAccess();
  const { data: partitions = [] } = useQuery(partitionQueries.list());
  const [target, setTarget] = useState('');
  const move = useMoveSelection((job) => void navigate(moveJobHref(job.id)));
  if (!canWriteLeads) return null;

  const count = selection.allMatching ? (matching ?? 0) : selection.ids.size;
  const canSelectAll =
    fromResults !== undefined && matching !== undefined && matching > count && !selection.allMatching;
  const submit = () => {
    if (selection.allMatching && fromResults) move.mutate(fromResults(target));
    else move.mutate({ target, leadIds: [...selection.ids] });
  };

  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={intl.formatMessage({ id: 'bulkMove.select.label' })}
      sx={{ p: 2 }}
    >
      <Stack spacing={1.5}>
        <Stack direction="row" sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
          {/* Read out as the count changes, without moving focus from the checkbox just ticked. */}
          <Typography role="status" aria-live="polite" sx={{ fontWeight: 500 }}>
            <FormattedMessage
              id={selection.allMatching ? 'bulkMove.select.countAll' : 'bulkMove.select.count'}
              values={{ count }}
            />
          </Typography>
          {canSelectAll && (
            <Button size="small" onClick={selection.selectAllMatching}>
              <FormattedMessage id="bulkMove.select.all" values={{ count: matching }} />
            </Button>
          )}
          {count > 0 && (
            <Button size="small" onClick={selection.clear}>
              <FormattedMessage id="bulkMove.select.clear" />
            </Button>
          )}
        </Stack>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ alignItems: { sm: 'center' } }}>
          <TextField
            select
            size="small"
            label={intl.formatMessage({ id: 'bulkMove.target' })}
            value={target}
            onChange={(event) => setTarget(event.target.value)}
            sx={{ minWidth: 220 }}
          >
            {partitions.map((partition) => (
              <MenuItem key={partition.id} value={partition.name}>
                {partition.name}
              </MenuItem>
            ))}
          </TextField>
          <Button
            variant="contained"
            disabled={count === 0 || target === '' || move.isPending}
            onClick={submit}
          >
            <FormattedMessage id="bulkMove.select.move" values={{ count }} />
          </Button>
        </Stack>
        <Typography variant="body2" color="text.secondary">
          <FormattedMessage id="bulkMove.select.help" />
        </Typography>
        {move.error && <ApiErrorAlert error={move.error} />}
      </Stack>
    </Paper>
  );
}
