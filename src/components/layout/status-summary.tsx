import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { FormattedMessage, useIntl } from 'react-intl';
import { useStatus } from './use-status';

/** The Marketo instance this console talks to, and a badge when it is the local emulator. */
export function StatusSummary() {
  const intl = useIntl();
  const { data } = useStatus();
  if (!data) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Typography variant="body2">
        <FormattedMessage id="shell.instance" values={{ instance: data.instance }} />
      </Typography>
      {data.mode === 'emulator' && (
        <Chip label={intl.formatMessage({ id: 'shell.emulator' })} color="warning" size="small" />
      )}
    </Stack>
  );
}
