import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ApiError } from '../../api/api-error';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { useLocale } from '../../i18n/locale-context';
import type { MessageId } from '../../i18n/message-ids';
import { reasonWords } from '../../lib/error-reason-words';

// The proxy words these itself (not CSV, too large, bad encoding); the generic titles would talk about "values".
const aboutTheFile = new Set(['bad_request', 'payload_too_large', 'unsupported_media_type']);

// Outside English, what the code alone says when the proxy sent no reason this SPA knows (an older proxy); then a
// file that cannot be read keeps the proxy's sentence, which names the row and the fault.
const byCode: Partial<Record<string, MessageId>> = {
  payload_too_large: 'import.upload.tooLarge',
  unsupported_media_type: 'import.upload.notCsv',
};

/** Why an upload failed: the file's own problem in the proxy's words, anything else as usual. */
export function UploadErrorAlert({ error }: { error: ApiError }) {
  const intl = useIntl();
  const { locale } = useLocale();
  if (!aboutTheFile.has(error.code)) return <ApiErrorAlert error={error} />;
  const id = locale === 'en' ? undefined : byCode[error.code];
  const words =
    reasonWords(intl, error.reason, error.params) ?? (id ? intl.formatMessage({ id }) : error.message);
  return (
    <Alert severity="error">
      <AlertTitle>
        <FormattedMessage id="import.upload.refused" />
      </AlertTitle>
      {words}
    </Alert>
  );
}
