import Alert from '@mui/material/Alert';
import { formatLocalTime } from '../../lib/format-time';
import { useStatus } from './use-status';

/** Warns before anyone tries to save while Marketo's daily quota is spent. */
export function QuotaBanner() {
  const { data } = useStatus();
  if (!data?.usage.dailyQuotaExhausted) return null;
  return (
    <Alert severity="warning" sx={{ mb: 2 }}>
      Today&apos;s Marketo API quota is used up. It resets at {formatLocalTime(data.usage.quotaResetsAt)}.
    </Alert>
  );
}
