import type { IntlShape } from 'react-intl';
import type { ActivityAction, ActivityEntry } from '../../server/contract/activity';
import type { MessageId } from '../i18n/message-ids';

export const activityActionWords: Record<ActivityAction, MessageId> = {
  'lead.write': 'activity.action.lead.write',
  'lead.move': 'activity.action.lead.move',
  import: 'activity.action.import',
  'auth.sign-in': 'activity.action.auth.sign-in',
  'auth.sign-in-failed': 'activity.action.auth.sign-in-failed',
  'auth.sign-out': 'activity.action.auth.sign-out',
  'user.create': 'activity.action.user.create',
  'user.update': 'activity.action.user.update',
  'user.password-reset': 'activity.action.user.password-reset',
  'security.out-of-grants': 'activity.action.security.out-of-grants',
  'retention.sweep': 'activity.action.retention.sweep',
};

export const activityOutcomeWords: Record<ActivityEntry['outcome'], MessageId> = {
  success: 'activity.outcome.success',
  partial: 'activity.outcome.partial',
  failure: 'activity.outcome.failure',
  pending: 'activity.outcome.pending',
};

// A lead's or a row's status as the audit records it (Marketo's words and the import's own).
const ROW_STATUS_WORDS: Record<string, MessageId> = {
  created: 'rowStatus.created',
  updated: 'rowStatus.updated',
  written: 'rowStatus.written',
  skipped: 'rowStatus.skipped',
  failed: 'rowStatus.failed',
  cancelled: 'rowStatus.cancelled',
};

/** A status in the user's language; one a newer proxy adds is shown as it came. */
export function rowStatusText(intl: IntlShape, status: string): string {
  const id = ROW_STATUS_WORDS[status];
  return id ? intl.formatMessage({ id }) : status;
}
