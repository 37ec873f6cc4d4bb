import type { IntlShape } from 'react-intl';
import type { ApiError, ApiErrorCode } from '../api/api-error';
import type { MessageId } from '../i18n/message-ids';
import { reasonWords } from './error-reason-words';
import { formatLocalClock, formatLocalHourMinute, formatLocalTime } from './format-time';

type Words = {
  title: MessageId;
  /**
   * What to do; `server`: the proxy's reason code says it (error-reason-words.ts), or for a reason this SPA does not
   * know, its own English sentence, which names the one thing that was wrong.
   */
  advice: MessageId | 'server';
  /** The advice when the proxy said when to try again, with that time as `{time}`. */
  adviceAt?: MessageId;
  formatAt?: (intl: IntlShape, iso: string) => string;
};

// Every envelope code, so the messages test sees each id and a new code fails the typecheck until worded.
const ERROR_WORDS: Record<ApiErrorCode, Words> = {
  // The refusal names the value or the rule (a duplicate email, the last admin): only its reason can say which.
  bad_request: { title: 'error.bad_request.title', advice: 'server' },
  unauthenticated: { title: 'error.unauthenticated.title', advice: 'error.unauthenticated.advice' },
  forbidden: { title: 'error.forbidden.title', advice: 'error.forbidden.advice' },
  not_found: { title: 'error.not_found.title', advice: 'error.not_found.advice' },
  payload_too_large: { title: 'error.payload_too_large.title', advice: 'error.payload_too_large.advice' },
  unsupported_media_type: {
    title: 'error.unsupported_media_type.title',
    advice: 'error.unsupported_media_type.advice',
  },
  // The proxy's 429 is the console's own limit on this browser's requests, not Marketo's (that one is queued
  // or reported as upstream_unavailable / quota_exhausted); sign-in throttling is worded on its own page.
  rate_limited: {
    title: 'error.rate_limited.title',
    advice: 'error.rate_limited.advice',
    adviceAt: 'error.rate_limited.adviceAt',
    formatAt: formatLocalHourMinute,
  },
  // Marketo's own code and message sit under Details.
  marketo_error: { title: 'error.marketo_error.title', advice: 'error.marketo_error.advice' },
  upstream_unavailable: {
    title: 'error.upstream_unavailable.title',
    advice: 'error.upstream_unavailable.advice',
    adviceAt: 'error.upstream_unavailable.adviceAt',
    formatAt: formatLocalClock,
  },
  quota_exhausted: {
    title: 'error.quota_exhausted.title',
    advice: 'error.quota_exhausted.advice',
    adviceAt: 'error.quota_exhausted.adviceAt',
    formatAt: (intl, iso) => formatLocalTime(intl, iso),
  },
  network: { title: 'error.network.title', advice: 'error.network.advice' },
  timeout: { title: 'error.timeout.title', advice: 'error.timeout.advice' },
  invalid_response: { title: 'error.invalid_response.title', advice: 'error.invalid_response.advice' },
  idempotency_key_reused: {
    title: 'error.idempotency_key_reused.title',
    advice: 'error.idempotency_key_reused.advice',
  },
  audit_unavailable: { title: 'error.audit_unavailable.title', advice: 'error.audit_unavailable.advice' },
  storage_unavailable: {
    title: 'error.storage_unavailable.title',
    advice: 'error.storage_unavailable.advice',
  },
  coordination_unavailable: {
    title: 'error.coordination_unavailable.title',
    advice: 'error.coordination_unavailable.advice',
  },
  internal: { title: 'error.internal.title', advice: 'error.internal.advice' },
};

/** What a marketer should read for each failure, in their language: what happened and what to do about it. */
export function errorWords(intl: IntlShape, error: ApiError): { title: string; advice: string } {
  const words = ERROR_WORDS[error.code];
  const title = intl.formatMessage({ id: words.title });
  const reason = reasonWords(intl, error.reason, error.params);
  if (reason !== undefined) return { title, advice: reason };
  if (words.advice === 'server') return { title, advice: error.message };
  if (error.retryAt && words.adviceAt && words.formatAt) {
    const time = words.formatAt(intl, error.retryAt);
    return { title, advice: intl.formatMessage({ id: words.adviceAt }, { time }) };
  }
  return { title, advice: intl.formatMessage({ id: words.advice }) };
}
