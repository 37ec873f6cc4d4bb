import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';

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
            Turn {count} rows into {count} leads
          </Button>
        </Stack>
      }
    >
      You pasted {count} rows into one field.
    </Alert>
  );
}
