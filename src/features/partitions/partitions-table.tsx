import { useState } from 'react';
import Paper from '@mui/material/Paper';
import Snackbar from '@mui/material/Snackbar';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Partition } from '../../../server/contract/partitions';
import { partitionQueries } from '../../api/partitions';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { PartitionsGrid } from './partitions-grid';

/** The instance's partitions, with their loading, empty and error states. */
export function PartitionsTable() {
  const intl = useIntl();
  const { data, error, refetch } = useQuery(partitionQueries.list());
  const [copied, setCopied] = useState<string | null>(null);

  const copy = (partition: Partition) => {
    navigator.clipboard
      .writeText(String(partition.id))
      .then(() =>
        setCopied(
          intl.formatMessage({ id: 'partitions.copied' }, { id: partition.id, partition: partition.name }),
        ),
      )
      .catch(() => setCopied(intl.formatMessage({ id: 'partitions.copyFailed' }, { id: partition.id })));
  };

  // A failed background refresh keeps the list on screen; only a first load that fails shows the error.
  if (data === undefined) {
    if (error) return <ApiErrorAlert error={error} onRetry={() => void refetch()} />;
    return <LoadingBlock label="loading.partitions" rows={5} />;
  }
  if (data.length === 0) {
    return (
      <Paper sx={{ p: 3 }}>
        <Typography variant="h2" gutterBottom>
          <FormattedMessage id="partitions.empty.title" />
        </Typography>
        <Typography>
          <FormattedMessage id="partitions.empty.text" />
        </Typography>
      </Paper>
    );
  }
  return (
    <>
      <PartitionsGrid partitions={data} onCopy={copy} />
      <Snackbar
        open={copied !== null}
        autoHideDuration={4000}
        onClose={() => setCopied(null)}
        message={copied}
      />
    </>
  );
}
