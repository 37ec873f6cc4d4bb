import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ImportJob, ImportRowStatus } from '../../../server/contract/imports';
import { importQueries } from '../../api/imports';
import { ImportReason } from './import-reason';

/**
 * Narrows the rows of one status to one reason (say, skipped as "already in another partition"), so that exactly
 * those rows can be selected and moved. Shown only when the rows of the status carry reasons.
 */
export function ReasonFilter({
  job,
  status,
  reason,
  progress,
  onChange,
}: {
  job: ImportJob;
  status: ImportRowStatus | undefined;
  reason: string | undefined;
  progress: string;
  onChange: (reason: string | undefined) => void;
}) {
  const intl = useIntl();
  const { data: reasons = [] } = useQuery(importQueries.reasons(job.id, status, progress));
  if (reasons.length === 0 && reason === undefined) return null;
  return (
    <TextField
      select
      size="small"
      label={intl.formatMessage({ id: 'import.results.reasonFilter' })}
      value={reason ?? ''}
      onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
      sx={{ maxWidth: 420 }}
    >
      <MenuItem value="">
        <FormattedMessage id="import.results.anyReason" />
      </MenuItem>
      {reasons.map(({ code, message, count }) => (
        <MenuItem key={code} value={code} sx={{ whiteSpace: 'normal' }}>
          <FormattedMessage
            id="import.results.reasonOption"
            values={{
              reason: <ImportReason reason={{ code, message }} lookupField={job.lookupField} />,
              count,
            }}
          />
        </MenuItem>
      ))}
    </TextField>
  );
}
