import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Typography from '@mui/material/Typography';
import ExpandMoreOutlined from '@mui/icons-material/ExpandMoreOutlined';
import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { LeadHistoryList } from './lead-history-list';

/**
 * The lead page's History section, closed at first: its Marketo reads (a paging token and pages of activities)
 * are spent only by those who open it, so opening a lead page stays one proxy call.
 */
export function LeadHistorySection({ leadId }: { leadId: number }) {
  const [open, setOpen] = useState(false);
  return (
    <Accordion
      expanded={open}
      onChange={(_event, expanded) => setOpen(expanded)}
      slotProps={{ transition: { unmountOnExit: true } }}
    >
      <AccordionSummary
        // The chevron says the section opens: closed, it is only a heading otherwise.
        expandIcon={<ExpandMoreOutlined />}
        aria-controls={`lead-${leadId}-history`}
        id={`lead-${leadId}-history-header`}
      >
        <Typography component="h2" variant="h6">
          <FormattedMessage id="history.title" />
        </Typography>
      </AccordionSummary>
      <AccordionDetails id={`lead-${leadId}-history`}>
        {open && <LeadHistoryList leadId={leadId} />}
      </AccordionDetails>
    </Accordion>
  );
}
