import type { IntlShape } from 'react-intl';
import type { ErrorParams } from '../../server/contract/errors';
import type { JobMessageCode } from '../../server/contract/job-messages';
import type { MessageId } from '../i18n/message-ids';
import { formatLocalClock, formatLocalTime } from './format-time';

type Words = {
  id: MessageId;
  /** How the `until` time reads: a date for the daily quota's reset, the clock for a wait of minutes. */
  until?: (intl: IntlShape, iso: string) => string;
};

// Every code the proxy sends (server/contract/job-messages.ts), so a new one fails the typecheck until worded.
const JOB_MESSAGE_WORDS: Record<JobMessageCode, Words> = {
  call_budget_wait: { id: 'job.message.call_budget_wait' },
  quota_wait: { id: 'job.message.quota_wait', until: (intl, iso) => formatLocalTime(intl, iso) },
  marketo_unreachable_wait: { id: 'job.message.marketo_unreachable_wait', until: formatLocalClock },
  bulk_queue_full: { id: 'job.message.bulk_queue_full', until: formatLocalClock },
  owner_gone: { id: 'job.message.owner_gone' },
  owner_disabled: { id: 'job.message.owner_disabled' },
  owner_not_editor: { id: 'job.message.owner_not_editor' },
  owner_no_partition: { id: 'job.message.owner_no_partition' },
  bulk_grants_narrowed: { id: 'job.message.bulk_grants_narrowed' },
  marketo_refused: { id: 'job.message.marketo_refused' },
  marketo_refused_file: { id: 'job.message.marketo_refused_file' },
  preview_refused: { id: 'job.message.preview_refused' },
  bulk_upload_lost: { id: 'job.message.bulk_upload_lost' },
  bulk_settled_by_lookup: { id: 'job.message.bulk_settled_by_lookup' },
};

type JobWithMessage = { message: string | null; messageCode?: string; messageParams?: ErrorParams };

function isKnownCode(code: string): code is JobMessageCode {
  return Object.hasOwn(JOB_MESSAGE_WORDS, code);
}

/**
 * Why an import or move waits or stopped, in the user's language from the job's message code; the proxy's English
 * for a code this SPA does not know (or none); `null` when the job has no message.
 */
export function jobMessageWords(intl: IntlShape, job: JobWithMessage): string | null {
  if (job.message === null) return null;
  if (job.messageCode === undefined || !isKnownCode(job.messageCode)) return job.message;
  const words = JOB_MESSAGE_WORDS[job.messageCode];
  const params = job.messageParams ?? {};
  const until =
    typeof params.until === 'string' && words.until ? words.until(intl, params.until) : params.until;
  return intl.formatMessage({ id: words.id }, { ...params, until });
}
