import type { IntlShape } from 'react-intl';
import type { ActivityEntry, ActivitySummaryCode } from '../../server/contract/activity';
import type { MessageId } from '../i18n/message-ids';

// Every code the proxy sends (server/contract/activity.ts), so a new one fails the typecheck until worded.
const SUMMARY_WORDS: Record<ActivitySummaryCode, MessageId> = {
  signed_in: 'activity.summary.signed_in',
  break_glass_sign_in: 'activity.summary.break_glass_sign_in',
  signed_out: 'activity.summary.signed_out',
  user_created: 'activity.summary.user_created',
  password_reset: 'activity.summary.password_reset',
  leads_written: 'activity.summary.leads_written',
  leads_moved: 'activity.summary.leads_moved',
  import_chunk: 'activity.summary.import_chunk',
  import_chunk_unsure: 'activity.summary.import_chunk_unsure',
  bulk_file_uploaded: 'activity.summary.bulk_file_uploaded',
  bulk_file_refused: 'activity.summary.bulk_file_refused',
  bulk_file_done: 'activity.summary.bulk_file_done',
  move_chunk: 'activity.summary.move_chunk',
  move_undo_chunk: 'activity.summary.move_undo_chunk',
  entry_undo_chunk: 'activity.summary.entry_undo_chunk',
  sign_in_unknown_email: 'activity.summary.sign_in_unknown_email',
  sign_in_wrong_password: 'activity.summary.sign_in_wrong_password',
  sign_in_account_disabled: 'activity.summary.sign_in_account_disabled',
  sign_in_password_off: 'activity.summary.sign_in_password_off',
  sign_in_rate_limited: 'activity.summary.sign_in_rate_limited',
  move_refused: 'activity.summary.move_refused',
  write_refused: 'activity.summary.write_refused',
  import_refused: 'activity.summary.import_refused',
  move_started: 'activity.summary.move_started',
  move_cancelled: 'activity.summary.move_cancelled',
  move_undo_started: 'activity.summary.move_undo_started',
  entry_undo_started: 'activity.summary.entry_undo_started',
  import_started: 'activity.summary.import_started',
  import_cancelled: 'activity.summary.import_cancelled',
};

function isKnownCode(code: string): code is ActivitySummaryCode {
  return Object.hasOwn(SUMMARY_WORDS, code);
}

/**
 * An entry's context in the user's language: an import's or move's item from its entry count (its rows by outcome
 * show beside it), a coded entry from its code and values, anything else in the proxy's English.
 */
export function activitySummaryWords(intl: IntlShape, entry: ActivityEntry): string {
  if (entry.importJob && entry.importJob.entries > 1) {
    return intl.formatMessage({ id: 'activity.summary.group' }, { entries: entry.importJob.entries });
  }
  if (entry.summaryCode === undefined || !isKnownCode(entry.summaryCode)) return entry.summary;
  return intl.formatMessage({ id: SUMMARY_WORDS[entry.summaryCode] }, entry.summaryParams);
}
