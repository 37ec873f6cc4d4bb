import Alert from '@mui/material/Alert';
import { FormattedMessage } from 'react-intl';
import { LocalTime } from '../../i18n/formatted';
import { useStatus } from './use-status';

/** Warns before anyone tries to save while Marketo's daily quota is spent. */
export function QuotaBanner() {
  const { data } = useStatus();
  if (!data?.usage.dailyQuotaExhausted) return null;
  return (
    <Alert severity="warning" sx={{ mb: 2 }}>
      <FormattedMessage
        id="shell.quotaUsedUp"
        values={{ time: <LocalTime iso={data.usage.quotaResetsAt} /> }}
      />
    </Alert>
  );
}
