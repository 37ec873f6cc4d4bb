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
import { FormattedMessage, useIntl } from 'react-intl';
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
  const intl = useIntl();
  const partitions = useQuery(partitionQueries.list());
  const [target, setTarget] = useState(initialTarget ?? '');
  const move = useMoveLeads();
  const result = move.data?.results.find((item) => item.id === leadId);
  const choices = (partitions.data ?? [])
    .filter((partition) => partition.name !== currentPartition)
    .map((partition) => partition.name);
  // The preselected target stays a valid choice while the list loads.
  if (target && !choices.includes(target)) choices.push(target);

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="move-lead-title">
      <DialogTitle id="move-lead-title">
        <FormattedMessage id="move.title" values={{ id: leadId }} />
      </DialogTitle>
      <DialogContent>
        {!result && (
          <>
            <DialogContentText sx={{ mb: 2 }}>
              {target ? (
                <FormattedMessage
                  id={currentPartition ? 'move.confirmFrom' : 'move.confirm'}
                  values={{ id: leadId, from: currentPartition, to: target }}
                />
              ) : (
                <FormattedMessage id="move.choose" values={{ id: leadId }} />
              )}
            </DialogContentText>
            <TextField
              select
              label={intl.formatMessage({ id: 'move.target' })}
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
            <FormattedMessage id="move.moved" values={{ id: leadId, partition: target }} />
          </Alert>
        )}
        {result && result.status !== 'updated' && (
          <Alert severity="warning">
            <FormattedMessage
              id="move.notMoved"
              values={{
                id: leadId,
                reasons: result.reasons?.map((reason) => reasonWords(intl, reason)).join(' ') ?? '',
              }}
            />
          </Alert>
        )}
        {move.error && <ApiErrorAlert error={move.error} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>
          <FormattedMessage id={result ? 'common.close' : 'common.cancel'} />
        </Button>
        {!result && (
          <Button
            variant="contained"
            disabled={!target || move.isPending}
            onClick={() => move.mutate({ ids: [leadId], partitionName: target })}
          >
            <FormattedMessage id={move.isPending ? 'move.moving' : 'move.move'} />
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
