import Typography from '@mui/material/Typography';
import type { ActivityEntry } from '../../../server/contract/activity';

/** "700 created, 1 skipped": an import's rows by outcome, over all its entries. */
function statusCountsText(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([status, count]) => `${count.toLocaleString()} ${status}`);
  return parts.length > 0 ? parts.join(', ') : 'None yet';
}

/**
 * What happened to each lead, and Marketo's request ids for a support ticket. For an import's item the leads
 * are its rows that were not written (the job's page lists every row).
 */
export function ActivityDetails({ entry }: { entry: ActivityEntry }) {
  return (
    <Typography
      variant="body2"
      component="dl"
      sx={{
        m: 0,
        display: 'grid',
        gridTemplateColumns: 'auto 1fr',
        columnGap: 2,
        rowGap: 0.5,
        '& dd': { m: 0 },
      }}
    >
      {entry.importJob && (
        <>
          <dt>Rows</dt>
          <dd>{statusCountsText(entry.importJob.statusCounts)}</dd>
        </>
      )}
      {entry.leads.map((lead, position) => (
        <LeadOutcome key={`${lead.leadId ?? ''}-${lead.index ?? position}`} lead={lead} position={position} />
      ))}
      <dt>Marketo request ids</dt>
      <dd>{entry.requestIds.length > 0 ? entry.requestIds.join(', ') : 'None'}</dd>
      {entry.summary && (
        <>
          <dt>Context</dt>
          <dd>{entry.summary}</dd>
        </>
      )}
    </Typography>
  );
}

function LeadOutcome({ lead, position }: { lead: ActivityEntry['leads'][number]; position: number }) {
  const name =
    lead.leadId !== undefined ? `Lead ${lead.leadId}` : `Lead ${(lead.index ?? position) + 1} of the batch`;
  return (
    <>
      <dt>{name}</dt>
      <dd>
        {lead.status}
        {lead.reason ? `: ${lead.reason}` : ''}
      </dd>
    </>
  );
}
