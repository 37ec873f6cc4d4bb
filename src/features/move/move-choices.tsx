import { useState } from 'react';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { FormattedMessage, useIntl } from 'react-intl';
import type { MoveJob, MoveRow } from '../../../server/contract/moves';
import { moveQueries, useMoveAction } from '../../api/moves';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';

/** The ambiguous emails of a previewed job: each with its leads to choose from; none is guessed. */
export function MoveChoices({ job }: { job: MoveJob }) {
  const progress = JSON.stringify(job.counts);
  const { data } = useQuery(
    moveQueries.rows(job.id, { status: 'ambiguous', offset: 0, limit: 100 }, progress),
  );
  if (!data || data.rows.length === 0) return null;
  return (
    <Stack spacing={1}>
      <Typography>
        <FormattedMessage id="bulkMove.ambiguous.help" values={{ count: data.total }} />
      </Typography>
      {data.rows.map((row) => (
        <Choice key={row.row} jobId={job.id} row={row} />
      ))}
    </Stack>
  );
}

function Choice({ jobId, row }: { jobId: string; row: MoveRow }) {
  const intl = useIntl();
  const [leadId, setLeadId] = useState('');
  const choose = useMoveAction(jobId);
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
      <Typography sx={{ minWidth: 240, overflowWrap: 'anywhere' }}>{row.value}</Typography>
      <TextField
        select
        size="small"
        label={intl.formatMessage({ id: 'bulkMove.ambiguous.pick' }, { value: row.value })}
        value={leadId}
        onChange={(event) => setLeadId(event.target.value)}
        sx={{ minWidth: 260 }}
      >
        {(row.candidates ?? []).map((candidate) => (
          <MenuItem key={candidate.id} value={String(candidate.id)}>
            <FormattedMessage
              id="bulkMove.candidate"
              values={{ id: candidate.id, partition: candidate.partition }}
            />
          </MenuItem>
        ))}
      </TextField>
      <Button
        variant="outlined"
        size="small"
        disabled={leadId === '' || choose.isPending}
        onClick={() => choose.mutate({ action: 'choices', row: row.row, leadId: Number(leadId) })}
      >
        <FormattedMessage id="bulkMove.ambiguous.use" />
      </Button>
      {choose.error && <ApiErrorAlert error={choose.error} />}
    </Stack>
  );
}
