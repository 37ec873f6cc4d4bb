import { useState } from 'react';
import Paper from '@mui/material/Paper';
import Snackbar from '@mui/material/Snackbar';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Partition } from '../../../server/contract/partitions';
import { partitionQueries } from '../../api/partitions';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { PartitionsGrid } from './partitions-grid';

/** The instance's partitions, with their loading, empty and error states. */
export function PartitionsTable() {
  const { data, error, refetch } = useQuery(partitionQueries.list());
  const [copied, setCopied] = useState<string | null>(null);

  const copy = (partition: Partition) => {
    navigator.clipboard
      .writeText(String(partition.id))
      .then(() => setCopied(`Copied id ${partition.id} of ${partition.name}`))
      .catch(() => setCopied(`Could not copy; the id is ${partition.id}`));
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
          No partitions yet
        </Typography>
        <Typography>
          This Marketo instance has no lead partitions. An administrator creates them under Admin, Workspaces
          &amp; Partitions.
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
