import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { FormattedMessage } from 'react-intl';
import type { ImportCheck } from '../../../server/contract/imports';
import type { ApiError } from '../../api/api-error';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';

type Props = {
  check: ImportCheck | undefined;
  /** The check on screen is for the settings on screen. */
  current: boolean;
  starting: boolean;
  error: ApiError | null;
  onStart: () => void;
};

/** The start button, open only when a current check found no settings problem and at least one good row. */
export function StartImport({ check, current, starting, error, onStart }: Props) {
  const ready = check !== undefined && current && check.settingsProblems.length === 0 && check.validRows > 0;
  const rows = check?.validRows ?? 0;
  return (
    <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
      {ready && check.invalidRows > 0 && (
        <Alert severity="warning" sx={{ alignSelf: 'stretch' }}>
          <FormattedMessage id="import.start.skipWarning" values={{ count: check.invalidRows }} />
        </Alert>
      )}
      <Button variant="contained" size="large" disabled={!ready || starting} onClick={onStart}>
        {starting ? (
          <FormattedMessage id="import.start.starting" />
        ) : (
          <FormattedMessage id="import.start.button" values={{ count: rows }} />
        )}
      </Button>
      {error && <ApiErrorAlert error={error} />}
    </Stack>
  );
}
