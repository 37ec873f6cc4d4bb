import Alert from '@mui/material/Alert';
import { useQuery } from '@tanstack/react-query';
import { statusQueries } from '../../api/status';
import { formatLocalTime } from '../../lib/format-time';

/** Warns before anyone tries to save while Marketo's daily quota is spent. */
export function QuotaBanner() {
  const { data } = useQuery(statusQueries.current());
  if (!data?.usage.dailyQuotaExhausted) return null;
  return (
    <Alert severity="warning" sx={{ mb: 2 }}>
      Today&apos;s Marketo API quota is used up. It resets at {formatLocalTime(data.usage.quotaResetsAt)}.
    </Alert>
  );
}
