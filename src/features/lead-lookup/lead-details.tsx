import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { leadQueries } from '../../api/leads';
import { partitionNameById, partitionQueries } from '../../api/partitions';
import { useAccess } from '../../api/use-access';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { editLeadHref, leadSearchHref } from '../../config/paths';
import { LeadHistorySection } from '../lead-history/lead-history-section';
import { LeadFieldsTable } from './lead-fields-table';
import { PartitionLabel } from './partition-label';

export type MoveTarget = { leadId: number; currentPartition: string | undefined };

type Props = { id: number; onMove: (target: MoveTarget) => void };

/** Where a lead lives and what it holds; one proxy call when the partitions are already cached. */
export function LeadDetails({ id, onMove }: Props) {
  const { data: lead, error, refetch } = useQuery(leadQueries.detail(id));
  const partitions = useQuery(partitionQueries.list());
  const { canWriteLeads } = useAccess();
  if (error?.code === 'not_found') return <NoLead id={id} />;
  if (lead === undefined) {
    if (error) return <ApiErrorAlert error={error} onRetry={() => void refetch()} />;
    return <LoadingBlock label="loading.lead" values={{ id }} />;
  }
  return (
    <Stack spacing={2}>
      <Typography variant="h1">
        <FormattedMessage id="page.leadDetail" values={{ id: lead.id }} />
      </Typography>
      <Typography>
        <FormattedMessage
          id="lead.partition"
          values={{ partition: <PartitionLabel partition={lead.partition} partitions={partitions.data} /> }}
        />
      </Typography>
      <Stack direction="row" spacing={1}>
        {canWriteLeads && (
          <>
            <Button component={Link} to={editLeadHref(lead.id)} variant="contained">
              <FormattedMessage id="lead.edit" />
            </Button>
            <Button
              variant="outlined"
              onClick={() =>
                onMove({
                  leadId: lead.id,
                  currentPartition:
                    partitionNameById(partitions.data, lead.partition.id) ?? lead.partition.name ?? undefined,
                })
              }
            >
              <FormattedMessage id="lead.move" />
            </Button>
          </>
        )}
        {typeof lead.fields.email === 'string' && lead.fields.email !== '' && (
          <Button component={Link} to={leadSearchHref(lead.fields.email)}>
            <FormattedMessage id="lead.allWithEmail" />
          </Button>
        )}
      </Stack>
      <LeadFieldsTable lead={lead} />
      <LeadHistorySection leadId={lead.id} />
    </Stack>
  );
}

export function NoLead({ id }: { id: number | string }) {
  return (
    <Paper sx={{ p: 3 }}>
      <Typography variant="h1" gutterBottom>
        <FormattedMessage id="lead.notFound" values={{ id }} />
      </Typography>
      <Typography>
        <FormattedMessage id="lead.notFound.text" />
      </Typography>
    </Paper>
  );
}
