import { useMemo } from 'react';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { FormattedMessage } from 'react-intl';
import { leadQueries } from '../../api/leads';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { LeadForm } from './lead-form';
import { updateDefaults } from './lead-form-values';
import type { MoveLeadRequest } from './lead-results';

type Props = { id: number; onMoveLead?: (move: MoveLeadRequest) => void };

/** The lead form in update mode, prefilled with the lead as Marketo holds it now. */
export function EditLeadForm({ id, onMoveLead }: Props) {
  const { data: lead, error, isPending, refetch } = useQuery(leadQueries.detail(id));
  // Only a refetched lead (new object) re-prefills the form; re-renders keep the user's edits.
  const values = useMemo(() => (lead ? updateDefaults(lead) : undefined), [lead]);
  if (isPending) return <LoadingBlock label="loading.lead" values={{ id }} />;
  if (error?.code === 'not_found') {
    return (
      <Paper sx={{ p: 3 }}>
        <Typography>
          <FormattedMessage id="lead.notFound" values={{ id }} />
        </Typography>
      </Paper>
    );
  }
  if (error) return <ApiErrorAlert error={error} onRetry={() => void refetch()} />;
  return values ? <LeadForm values={values} fixedLeadId={id} onMoveLead={onMoveLead} /> : null;
}
