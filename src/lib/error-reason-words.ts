import type { IntlShape } from 'react-intl';
import type { ErrorDetail, ErrorParams, ErrorReason } from '../../server/contract/errors';
import type { MessageId } from '../i18n/message-ids';

// Every reason the proxy sends (server/contract/errors.ts), so a new one fails the typecheck until worded.
const REASON_WORDS: Record<ErrorReason, MessageId> = {
  request_invalid: 'error.reason.request_invalid',
  value_required: 'error.reason.value_required',
  value_too_long: 'error.reason.value_too_long',
  value_too_short: 'error.reason.value_too_short',
  value_too_large: 'error.reason.value_too_large',
  value_too_small: 'error.reason.value_too_small',
  value_invalid_format: 'error.reason.value_invalid_format',
  value_invalid: 'error.reason.value_invalid',
  value_too_many: 'error.reason.value_too_many',
  value_too_few: 'error.reason.value_too_few',
  field_unknown: 'error.reason.field_unknown',
  field_read_only: 'error.reason.field_read_only',
  field_written_by_move: 'error.reason.field_written_by_move',
  lead_listed_twice: 'error.reason.lead_listed_twice',
  marketo_refused: 'error.reason.marketo_refused',
  user_email_taken: 'error.reason.user_email_taken',
  user_self_demote: 'error.reason.user_self_demote',
  user_last_admin: 'error.reason.user_last_admin',
  user_sso_managed: 'error.reason.user_sso_managed',
  user_sso_password: 'error.reason.user_sso_password',
  lead_unknown_partition: 'error.reason.lead_unknown_partition',
  lead_fields_not_writable: 'error.reason.lead_fields_not_writable',
  lead_lookup_unsupported: 'error.reason.lead_lookup_unsupported',
  lead_lookup_values_invalid: 'error.reason.lead_lookup_values_invalid',
  lead_moved_twice: 'error.reason.lead_moved_twice',
  move_list_empty: 'error.reason.move_list_empty',
  move_list_too_long: 'error.reason.move_list_too_long',
  move_list_not_csv: 'error.reason.move_list_not_csv',
  move_list_no_column: 'error.reason.move_list_no_column',
  move_pick_before_start: 'error.reason.move_pick_before_start',
  move_lead_already_added: 'error.reason.move_lead_already_added',
  move_target_gone: 'error.reason.move_target_gone',
  move_not_previewed: 'error.reason.move_not_previewed',
  move_finished: 'error.reason.move_finished',
  move_undo_closed: 'error.reason.move_undo_closed',
  move_undo_running: 'error.reason.move_undo_running',
  move_undo_of_undo: 'error.reason.move_undo_of_undo',
  move_undo_entry_closed: 'error.reason.move_undo_entry_closed',
  move_undo_partitions_gone: 'error.reason.move_undo_partitions_gone',
  move_selection_empty: 'error.reason.move_selection_empty',
  import_upload_incomplete: 'error.reason.import_upload_incomplete',
  import_file_too_large: 'error.reason.import_file_too_large',
  import_no_rows: 'error.reason.import_no_rows',
  import_no_valid_rows: 'error.reason.import_no_valid_rows',
  import_finished: 'error.reason.import_finished',
  csv_binary: 'error.reason.csv_binary',
  csv_not_utf8: 'error.reason.csv_not_utf8',
  csv_utf16: 'error.reason.csv_utf16',
  csv_web_page: 'error.reason.csv_web_page',
  csv_empty: 'error.reason.csv_empty',
  csv_quote_not_closed: 'error.reason.csv_quote_not_closed',
  csv_row_too_long: 'error.reason.csv_row_too_long',
  csv_quote_inside: 'error.reason.csv_quote_inside',
  csv_text_after_quote: 'error.reason.csv_text_after_quote',
  csv_row_unreadable: 'error.reason.csv_row_unreadable',
  csv_too_many_columns: 'error.reason.csv_too_many_columns',
  csv_header_empty: 'error.reason.csv_header_empty',
  csv_header_duplicate: 'error.reason.csv_header_duplicate',
};

function isKnownReason(reason: string): reason is ErrorReason {
  return Object.hasOwn(REASON_WORDS, reason);
}

/**
 * The proxy's reason in the user's language, from its code and values; `undefined` for no reason or one this SPA
 * does not know yet (a newer proxy), where the caller shows the proxy's English instead.
 */
export function reasonWords(
  intl: IntlShape,
  reason: string | undefined,
  params: ErrorParams,
): string | undefined {
  if (reason === undefined || !isKnownReason(reason)) return undefined;
  return intl.formatMessage({ id: REASON_WORDS[reason] }, params);
}

/** One input's problem as the proxy named it, in the user's language when its reason is known. */
export function detailWords(intl: IntlShape, detail: ErrorDetail): string {
  return reasonWords(intl, detail.reason, detail.params ?? {}) ?? detail.message;
}
