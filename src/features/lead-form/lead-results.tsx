import { useId } from 'react';
import List from '@mui/material/List';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { FormattedMessage, useIntl } from 'react-intl';
import type { LeadWriteRequest, LeadWriteResult } from '../../../server/contract/leads';
import { rowStatusText } from '../../lib/activity-words';
import { LeadResultItem } from './lead-result-item';

export type MoveLeadRequest = { leadId: number; toPartition: string };

type Props = {
  request: LeadWriteRequest;
  results: LeadWriteResult[];
  onMoveLead: ((move: MoveLeadRequest) => void) | undefined;
};

/** One line per submitted lead, in the order they were entered. */
export function LeadResults({ request, results, onMoveLead }: Props) {
  const intl = useIntl();
  const headingId = useId();
  const counts = results.reduce<Record<string, number>>((acc, result) => {
    acc[result.status] = (acc[result.status] ?? 0) + 1;
    return acc;
  }, {});
  const summary = intl.formatList(
    Object.entries(counts).map(([status, count]) =>
      intl.formatMessage({ id: 'activity.statusCount' }, { count, status: rowStatusText(intl, status) }),
    ),
    { type: 'unit' },
  );
  return (
    <Paper component="section" aria-labelledby={headingId} sx={{ p: 2 }}>
      <Typography id={headingId} variant="h2">
        <FormattedMessage id="leadForm.results" />
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {summary}
      </Typography>
      <List aria-labelledby={headingId}>
        {results.map((result) => (
          <LeadResultItem
            key={result.index}
            result={result}
            lead={request.leads[result.index] ?? {}}
            lookupField={request.lookupField ?? 'email'}
            targetPartition={request.partitionName}
            onMoveLead={onMoveLead}
          />
        ))}
      </List>
    </Paper>
  );
}
