import type { ApiError } from '../api/api-error';
import { formatLocalClock, formatLocalHourMinute, formatLocalTime } from './format-time';

/** What a marketer should read for each failure: what happened and what to do about it. */
export function errorWords(error: ApiError): { title: string; advice: string } {
  switch (error.code) {
    case 'bad_request':
      return { title: 'Some values need fixing', advice: error.message };
    case 'unauthenticated':
      return { title: 'Please sign in', advice: 'Your session has ended. Sign in again to carry on.' };
    case 'forbidden':
      return { title: 'Not allowed', advice: 'Your account cannot do this. Ask an admin for access.' };
    case 'not_found':
      return { title: 'Not found', advice: 'It may have been deleted or the link is wrong.' };
    case 'payload_too_large':
      return { title: 'Too much at once', advice: 'Send fewer leads in one go.' };
    case 'unsupported_media_type':
      return { title: 'The request was not understood', advice: 'Reload the page and try again.' };
    // The proxy's 429 is the console's own limit on this browser's requests, not Marketo's (that one is queued
    // or reported as upstream_unavailable / quota_exhausted); sign-in throttling is worded on its own page.
    case 'rate_limited':
      return {
        title: 'Too many requests from this browser',
        advice: error.retryAt
          ? `Slow down: try again after ${formatLocalHourMinute(error.retryAt)}.`
          : 'Slow down: try again in a minute.',
      };
    case 'marketo_error':
      return { title: 'Marketo refused the request', advice: error.message };
    case 'upstream_unavailable':
      return {
        title: 'Marketo cannot be reached',
        advice: error.retryAt
          ? `This has lasted a while. Try again after ${formatLocalClock(error.retryAt)}.`
          : 'This has lasted a while. Try again in a few minutes.',
      };
    case 'quota_exhausted':
      return {
        title: "Today's Marketo API quota is used up",
        advice: error.retryAt
          ? `It resets at ${formatLocalTime(error.retryAt)}.`
          : 'It resets at midnight US Central time.',
      };
    case 'network':
      return {
        title: 'No connection',
        advice: 'The console could not reach its server. Check your network.',
      };
    case 'timeout':
      return {
        title: 'This took too long',
        advice: 'Marketo may be slow right now. If you were saving, look the leads up before you try again.',
      };
    case 'invalid_response':
      return {
        title: 'Unexpected answer',
        advice: 'The server answered in a way the console does not understand.',
      };
    case 'idempotency_key_reused':
      return {
        title: 'This save was already sent with other values',
        advice: 'Reload the page, check the leads, and save again.',
      };
    case 'audit_unavailable':
      return { title: 'Nothing was sent to Marketo', advice: error.message };
    case 'storage_unavailable':
      return { title: 'The console cannot save right now', advice: error.message };
    case 'coordination_unavailable':
      return { title: 'The console is paused for a moment', advice: error.message };
    case 'internal':
      return {
        title: 'Something went wrong',
        advice: 'The console hit an error. Try again, then ask support.',
      };
  }
}
