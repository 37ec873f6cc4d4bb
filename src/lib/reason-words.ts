import type { IntlShape } from 'react-intl';
import type { Reason } from '../../server/contract/leads';
import type { ReasonContext } from '../../server/contract/reason-words';
import type { MessageId } from '../i18n/message-ids';

export { isMarketoReasonCode } from '../../server/contract/reason-words';

// Marketo's record-level codes in plain words, worded in the browser from the code (the contract's reasonWords
// is the English the proxy writes into the results download). `{detail}` is Marketo's own message, which
// names the field or value.
const REASON_WORDS: Record<string, MessageId> = {
  '1001': 'reason.1001',
  '1002': 'reason.1001',
  '1003': 'reason.1001',
  '1004': 'reason.1004',
  '1005': 'reason.1005',
  '1006': 'reason.1006',
  '1007': 'reason.1007',
  '1008': 'reason.1008',
  '1009': 'reason.1009',
  '1010': 'reason.1010',
  '1011': 'reason.1006',
  '1021': 'reason.1021',
  '413': 'reason.413',
};

/** A reason in the user's language; one with a code we do not know keeps Marketo's own message. */
export function reasonWords(intl: IntlShape, reason: Reason, context: ReasonContext = {}): string {
  // Marketo says only "Lead already exists"; which value collided depends on the lookup field.
  if (reason.code === '1005' && context.lookupField !== undefined) {
    return intl.formatMessage({ id: 'reason.1005.field' }, { field: context.lookupField });
  }
  const id = REASON_WORDS[reason.code];
  return id ? intl.formatMessage({ id }, { detail: reason.message }) : reason.message;
}
