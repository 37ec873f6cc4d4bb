import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { FormattedMessage } from 'react-intl';

export type PasteOffer = { startRow: number; fieldNames: string[]; rows: string[][] };

type Props = { offer: PasteOffer; onAccept: () => void; onDismiss: () => void };

/** After spreadsheet rows were pasted into one input: offer to spread them over one lead each. */
export function PasteRowsOffer({ offer, onAccept, onDismiss }: Props) {
  const count = offer.rows.length;
  return (
    <Alert
      severity="info"
      onClose={onDismiss}
      action={
        <Stack direction="row" spacing={1}>
          <Button color="inherit" size="small" onClick={onAccept}>
            <FormattedMessage id="paste.accept" values={{ count }} />
          </Button>
        </Stack>
      }
    >
      <FormattedMessage id="paste.offer" values={{ count }} />
    </Alert>
  );
}
