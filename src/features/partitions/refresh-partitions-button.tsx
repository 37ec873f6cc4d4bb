import Button from '@mui/material/Button';
import RefreshOutlined from '@mui/icons-material/RefreshOutlined';
import { FormattedMessage } from 'react-intl';
import { useRefreshPartitions } from '../../api/partitions';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';

/** The proxy caches partitions; this asks Marketo again, e.g. right after an admin added one. */
export function RefreshPartitionsButton() {
  const refresh = useRefreshPartitions();
  return (
    <>
      <Button startIcon={<RefreshOutlined />} disabled={refresh.isPending} onClick={() => refresh.mutate()}>
        <FormattedMessage id={refresh.isPending ? 'partitions.refreshing' : 'partitions.refresh'} />
      </Button>
      {refresh.error && <ApiErrorAlert error={refresh.error} />}
    </>
  );
}
