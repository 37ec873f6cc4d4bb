import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import { FormattedMessage } from 'react-intl';
import type { ApiError } from '../../api/api-error';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';

// The proxy words these itself (not CSV, too large, bad encoding); the generic titles would talk about "values".
const aboutTheFile = new Set(['bad_request', 'payload_too_large', 'unsupported_media_type']);

/** Why an upload failed: the file's own problem in the proxy's words, anything else as usual. */
export function UploadErrorAlert({ error }: { error: ApiError }) {
  if (!aboutTheFile.has(error.code)) return <ApiErrorAlert error={error} />;
  return (
    <Alert severity="error">
      <AlertTitle>
        <FormattedMessage id="import.upload.refused" />
      </AlertTitle>
      {error.message}
    </Alert>
  );
}
