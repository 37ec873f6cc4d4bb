import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import ListItem from '@mui/material/ListItem';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import type { LeadFields, LeadWriteResult } from '../../../server/contract/leads';
import { leadHref } from '../../config/paths';
import type { MoveLeadRequest } from './lead-results';
import { ResultReason } from './result-reason';

type Props = {
  result: LeadWriteResult;
  lead: LeadFields;
  lookupField: string;
  targetPartition: string | undefined;
  onMoveLead: ((move: MoveLeadRequest) => void) | undefined;
};

const statusWords = {
  created: { label: 'leadForm.status.created', color: 'success' },
  updated: { label: 'leadForm.status.updated', color: 'info' },
  skipped: { label: 'leadForm.status.skipped', color: 'warning' },
  failed: { label: 'leadForm.status.failed', color: 'error' },
} as const;

export function LeadResultItem({ result, lead, lookupField, targetPartition, onMoveLead }: Props) {
  const intl = useIntl();
  const status = statusWords[result.status];
  const key = lead[lookupField] ?? lead.email;
  const position = result.index + 1;
  const name =
    key === undefined || key === null
      ? intl.formatMessage({ id: 'leadForm.lead' }, { position })
      : intl.formatMessage({ id: 'leadForm.leadWithKey' }, { position, key: String(key) });
  const email = typeof lead.email === 'string' ? lead.email : undefined;
  return (
    <ListItem divider aria-label={name}>
      <Stack spacing={0.5}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography component="span">{name}</Typography>
          <Chip size="small" label={intl.formatMessage({ id: status.label })} color={status.color} />
          {result.id !== undefined && (
            <Link component={RouterLink} to={leadHref(result.id)}>
              <FormattedMessage id="reason.openLead" values={{ id: result.id }} />
            </Link>
          )}
        </Stack>
        {result.reasons?.map((reason) => (
          <ResultReason
            key={reason.code}
            reason={reason}
            email={email}
            lookupField={lookupField}
            targetPartition={targetPartition}
            onMoveLead={onMoveLead}
          />
        ))}
      </Stack>
    </ListItem>
  );
}
