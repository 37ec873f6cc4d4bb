import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Reason } from '../../../server/contract/leads';
import { leadQueries } from '../../api/leads';
import { partitionNameById, partitionQueries } from '../../api/partitions';
import { leadHref } from '../../config/paths';
import { isMarketoReasonCode, reasonWords } from '../../lib/reason-words';
import type { MoveLeadRequest } from './lead-results';

type Props = {
  reason: Reason;
  email: string | undefined;
  lookupField: string;
  targetPartition: string | undefined;
  onMoveLead: ((move: MoveLeadRequest) => void) | undefined;
};

// The server's words when the lead lives in a partition the user is not granted; it does not say which.
const HIDDEN_PARTITION = 'This lead exists in a partition you cannot access';

/** Marketo's reason in plain words; for 1005 and 1010 it finds the existing lead to name it and link it. */
export function ResultReason({ reason, email, lookupField, targetPartition, onMoveLead }: Props) {
  const intl = useIntl();
  const hiddenByServer = reason.code === '1010' && reason.message === HIDDEN_PARTITION;
  const needsExisting =
    (reason.code === '1005' || reason.code === '1010') && email !== undefined && !hiddenByServer;
  const existing = useQuery({ ...leadQueries.byEmail(email ?? ''), enabled: needsExisting });
  const partitions = useQuery(partitionQueries.list());
  // The lookup sees only granted partitions: finding nothing means the lead lives where this user cannot look.
  const hidden = hiddenByServer || (reason.code === '1010' && existing.data?.length === 0);
  const lead = hidden ? undefined : existing.data?.[0];

  let words = hidden
    ? intl.formatMessage({ id: 'reason.hiddenPartition' })
    : reasonWords(intl, reason, { lookupField });
  let canMove = false;
  if (reason.code === '1004') {
    words = intl.formatMessage({ id: lookupField === 'id' ? 'reason.1004.id' : 'reason.1004.email' });
  }
  if (reason.code === '1010' && lead) {
    const partition = partitionNameById(partitions.data, lead.partition.id) ?? lead.partition.name;
    // After "Move it" the lookup refreshes, and the advice changes with it.
    const arrived = partition !== null && partition === targetPartition;
    words = arrived
      ? intl.formatMessage({ id: 'reason.1010.arrived' }, { partition })
      : intl.formatMessage({ id: 'reason.1010.lives' }, { partition: partition ?? `#${lead.partition.id}` });
    canMove = !arrived && targetPartition !== undefined && onMoveLead !== undefined;
  }
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <Typography variant="body2">{words}</Typography>
      {isMarketoReasonCode(reason.code) && (
        <Typography variant="caption" color="text.secondary">
          <FormattedMessage id="reason.marketoCode" values={{ code: reason.code }} />
        </Typography>
      )}
      {reason.code === '1005' && lead && (
        <Link component={RouterLink} to={leadHref(lead.id)} variant="body2">
          <FormattedMessage id="reason.openExistingLead" values={{ id: lead.id }} />
        </Link>
      )}
      {reason.code === '1010' && lead && (
        <Link component={RouterLink} to={leadHref(lead.id)} variant="body2">
          <FormattedMessage id="reason.openLead" values={{ id: lead.id }} />
        </Link>
      )}
      {canMove && lead && targetPartition && (
        <Button size="small" onClick={() => onMoveLead?.({ leadId: lead.id, toPartition: targetPartition })}>
          <FormattedMessage id="reason.moveItTo" values={{ partition: targetPartition }} />
        </Button>
      )}
    </Stack>
  );
}
