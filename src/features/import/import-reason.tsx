import Typography from '@mui/material/Typography';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Reason } from '../../../server/contract/leads';
import { useLocale } from '../../i18n/locale-context';
import { isMarketoReasonCode, reasonWords } from '../../lib/reason-words';
import { rowProblemWords } from './row-problem-words';

/**
 * Why a row was skipped or failed. Marketo's reasons (and the proxy's few in its numeric style) are worded from
 * their code, knowing the lookup field; the check's own by the problem's kind.
 */
export function ImportReason({ reason, lookupField }: { reason: Reason; lookupField: string }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const coded = /^\d+$/.test(reason.code);
  return (
    <Typography variant="body2" component="span">
      {coded
        ? reasonWords(intl, reason, { lookupField })
        : rowProblemWords(intl, locale, { kind: reason.code, message: reason.message })}
      {isMarketoReasonCode(reason.code) && (
        <Typography variant="caption" color="text.secondary" component="span">
          {' '}
          <FormattedMessage id="reason.marketoCode" values={{ code: reason.code }} />
        </Typography>
      )}
    </Typography>
  );
}
