import { useId } from 'react';
import List from '@mui/material/List';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { LeadWriteRequest, LeadWriteResult } from '../../../server/contract/leads';
import { LeadResultItem } from './lead-result-item';

export type MoveLeadRequest = { leadId: number; toPartition: string };

type Props = {
  request: LeadWriteRequest;
  results: LeadWriteResult[];
  onMoveLead: ((move: MoveLeadRequest) => void) | undefined;
};

/** One line per submitted lead, in the order they were entered. */
export function LeadResults({ request, results, onMoveLead }: Props) {
  const headingId = useId();
  const counts = results.reduce<Record<string, number>>((acc, result) => {
    acc[result.status] = (acc[result.status] ?? 0) + 1;
    return acc;
  }, {});
  const summary = Object.entries(counts)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  return (
    <Paper component="section" aria-labelledby={headingId} sx={{ p: 2 }}>
      <Typography id={headingId} variant="h2">
        Results
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
