import type { IntlShape } from 'react-intl';
import { FormattedMessage, useIntl } from 'react-intl';
import { activitySummaryWords } from '../../lib/activity-summary-words';
import { rowStatusText } from '../../lib/activity-words';
import Typography from '@mui/material/Typography';
import type { ActivityEntry } from '../../../server/contract/activity';

/** "700 created, 1 skipped": an import's rows by outcome, over all its entries. */
function statusCountsText(intl: IntlShape, counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([status, count]) =>
    intl.formatMessage({ id: 'activity.statusCount' }, { count, status: rowStatusText(intl, status) }),
  );
  return parts.length > 0
    ? intl.formatList(parts, { type: 'unit' })
    : intl.formatMessage({ id: 'activity.noneYet' });
}

/**
 * What happened to each lead, and Marketo's request ids for a support ticket. For an import's item the leads
 * are its rows that were not written (the job's page lists every row).
 */
export function ActivityDetails({ entry }: { entry: ActivityEntry }) {
  const intl = useIntl();
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
          <dt>
            <FormattedMessage id="activity.rows" />
          </dt>
          <dd>{statusCountsText(intl, entry.importJob.statusCounts)}</dd>
        </>
      )}
      {entry.leads.map((lead, position) => (
        <LeadOutcome key={`${lead.leadId ?? ''}-${lead.index ?? position}`} lead={lead} position={position} />
      ))}
      <dt>
        <FormattedMessage id="activity.requestIds" />
      </dt>
      <dd>
        {entry.requestIds.length > 0 ? entry.requestIds.join(', ') : <FormattedMessage id="activity.none" />}
      </dd>
      {entry.summary && (
        <>
          <dt>
            <FormattedMessage id="activity.context" />
          </dt>
          <dd>{activitySummaryWords(intl, entry)}</dd>
        </>
      )}
    </Typography>
  );
}

function LeadOutcome({ lead, position }: { lead: ActivityEntry['leads'][number]; position: number }) {
  const intl = useIntl();
  return (
    <>
      <dt>
        {lead.leadId !== undefined ? (
          <FormattedMessage id="activity.lead" values={{ id: lead.leadId }} />
        ) : (
          <FormattedMessage id="activity.batchLead" values={{ position: (lead.index ?? position) + 1 }} />
        )}
      </dt>
      <dd>
        {lead.reason ? (
          <FormattedMessage
            id="activity.leadOutcomeReason"
            values={{ status: rowStatusText(intl, lead.status), reason: lead.reason }}
          />
        ) : (
          rowStatusText(intl, lead.status)
        )}
        {lead.from !== undefined && lead.to !== undefined && (
          <>
            {' · '}
            <FormattedMessage id="activity.leadFromTo" values={{ from: lead.from, to: lead.to }} />
          </>
        )}
      </dd>
    </>
  );
}
