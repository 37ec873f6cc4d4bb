import { useId, useState } from 'react';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { FormattedMessage } from 'react-intl';
import { useCancelImport } from '../../api/imports';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';

/** Cancel, after a confirmation: what was sent stays sent, so it is worth a second thought. */
export function CancelImport({ id }: { id: string }) {
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const cancel = useCancelImport(id);
  const close = () => {
    setOpen(false);
    cancel.reset();
  };
  return (
    <>
      <Button variant="outlined" color="error" onClick={() => setOpen(true)}>
        <FormattedMessage id="import.cancel" />
      </Button>
      <Dialog open={open} onClose={close} aria-labelledby={titleId}>
        <DialogTitle id={titleId}>
          <FormattedMessage id="import.cancel.title" />
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText>
              <FormattedMessage id="import.cancel.text" />
            </DialogContentText>
            {cancel.error && <ApiErrorAlert error={cancel.error} />}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close} autoFocus>
            <FormattedMessage id="import.cancel.keep" />
          </Button>
          <Button
            color="error"
            variant="contained"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(undefined, { onSuccess: close })}
          >
            <FormattedMessage id={cancel.isPending ? 'import.cancel.cancelling' : 'import.cancel'} />
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
