import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import { useMoveLeads } from '../../api/leads';
import { partitionQueries } from '../../api/partitions';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { reasonWords } from '../../lib/reason-words';

type Props = {
  leadId: number;
  /** Where the lead lives now, when known (left out of the choices). */
  currentPartition?: string | undefined;
  /** Preselected destination, e.g. the partition a create was aimed at. */
  initialTarget?: string | undefined;
  onClose: () => void;
};

/** Asks before moving a lead to another partition, then says what happened. Mount it to open it. */
export function MoveLeadDialog({ leadId, currentPartition, initialTarget, onClose }: Props) {
  const partitions = useQuery(partitionQueries.list());
  const [target, setTarget] = useState(initialTarget ?? '');
  const move = useMoveLeads();
  const result = move.data?.results.find((item) => item.id === leadId);
  const choices = (partitions.data ?? [])
    .filter((partition) => partition.name !== currentPartition)
    .map((partition) => partition.name);
  // The preselected target stays a valid choice while the list loads.
  if (target && !choices.includes(target)) choices.push(target);
  const from = currentPartition ? ` from ${currentPartition}` : '';

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="move-lead-title">
      <DialogTitle id="move-lead-title">Move lead {leadId}</DialogTitle>
      <DialogContent>
        {!result && (
          <>
            <DialogContentText sx={{ mb: 2 }}>
              {target
                ? `Move lead ${leadId}${from} to ${target}?`
                : `Choose where lead ${leadId} should live.`}
            </DialogContentText>
            <TextField
              select
              label="Move to partition"
              value={target}
              onChange={(event) => setTarget(event.target.value)}
            >
              {choices.map((name) => (
                <MenuItem key={name} value={name}>
                  {name}
                </MenuItem>
              ))}
            </TextField>
          </>
        )}
        {result?.status === 'updated' && (
          <Alert severity="success">
            Lead {leadId} now lives in {target}.
          </Alert>
        )}
        {result && result.status !== 'updated' && (
          <Alert severity="warning">
            Lead {leadId} was not moved. {result.reasons?.map((reason) => reasonWords(reason)).join(' ')}
          </Alert>
        )}
        {move.error && <ApiErrorAlert error={move.error} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{result ? 'Close' : 'Cancel'}</Button>
        {!result && (
          <Button
            variant="contained"
            disabled={!target || move.isPending}
            onClick={() => move.mutate({ ids: [leadId], partitionName: target })}
          >
            {move.isPending ? 'Moving…' : 'Move'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
