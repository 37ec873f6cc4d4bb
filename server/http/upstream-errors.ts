// Maps the Marketo client's errors to proxy answers. Routes never look at Marketo codes; this is the one place
// that decides which upstream failure is the user's fault (400), a temporary outage (503) or a hard failure (502).
import { ApiError } from './api-error';
import { nextQuotaReset } from '../marketo/quota-reset';
import {
  MarketoApiError,
  MarketoAuthError,
  MarketoQuotaError,
  MarketoUnavailableError,
} from '../marketo/errors';
import { CoordinationUnavailableError } from '../marketo/shared/coordination-error';

// How long to suggest waiting when Marketo is busy: one rate window.
const BUSY_RETRY_SECONDS = 20;
// Redis reconnects within a second of coming back.
const COORDINATION_RETRY_SECONDS = 5;

function retryAfter(seconds: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(seconds))) };
}

/** `undefined` when `error` is not a Marketo client error. */
export function fromUpstreamError(error: unknown, now: Date = new Date()): ApiError | undefined {
  if (error instanceof MarketoQuotaError) {
    const resetsAt = Number.isNaN(error.resetsAt.getTime()) ? nextQuotaReset(now) : error.resetsAt;
    return new ApiError(
      503,
      'quota_exhausted',
      "Marketo's daily API quota is used up; it resets at midnight US Central.",
      {
        marketo: {
          code: '607',
          message: error.marketoMessage,
          ...(error.requestId ? { requestId: error.requestId } : {}),
        },
        retryAt: resetsAt,
        headers: retryAfter((resetsAt.getTime() - now.getTime()) / 1000),
      },
    );
  }
  if (error instanceof CoordinationUnavailableError) {
    // Not Marketo's fault, and no Marketo code to show: the replicas cannot share its limits right now.
    return new ApiError(503, 'coordination_unavailable', error.message + '; try again shortly.', {
      retryAt: new Date(now.getTime() + COORDINATION_RETRY_SECONDS * 1000),
      headers: retryAfter(COORDINATION_RETRY_SECONDS),
    });
  }
  if (error instanceof MarketoUnavailableError) {
    const retryAt = new Date(now.getTime() + BUSY_RETRY_SECONDS * 1000);
    return new ApiError(503, 'upstream_unavailable', 'Marketo is busy or unavailable; try again shortly.', {
      marketo: {
        code: String(error.lastCode),
        message: error.message,
        ...(error.requestId ? { requestId: error.requestId } : {}),
      },
      retryAt,
      headers: retryAfter(BUSY_RETRY_SECONDS),
    });
  }
  if (error instanceof MarketoAuthError) {
    // The cause is our configuration, not the user's input: keep the words generic, the rest goes to the log.
    return new ApiError(
      502,
      'marketo_error',
      'The proxy could not sign in to Marketo; check its credentials.',
    );
  }
  if (error instanceof MarketoApiError) {
    const marketo = {
      code: String(error.code),
      message: error.marketoMessage,
      ...(error.requestId ? { requestId: error.requestId } : {}),
    };
    // 1xxx codes describe the request (unknown field, too many matches): the user can fix those.
    if (/^1\d{3}$/.test(marketo.code)) {
      return new ApiError(400, 'bad_request', `Marketo refused the request: ${error.marketoMessage}`, {
        marketo,
        said: { reason: 'marketo_refused' },
      });
    }
    return new ApiError(502, 'marketo_error', 'Marketo answered with an error.', { marketo });
  }
  return undefined;
}
