// Which failures are worth another attempt, and how long to wait first (docs/marketo-api.md §10.2, §10.4).

/** Why one attempt produced no usable answer. */
export type Failure =
  | { kind: 'marketo'; code: string; message: string; requestId: string | undefined }
  | { kind: 'http'; status: number }
  | { kind: 'network'; detail: string }
  | { kind: 'invalid'; detail: string; requestId: string | undefined };

/** Carries a `Failure` through a `throw` (identity calls, which have no envelope of their own). */
export class UpstreamFailure extends Error {
  override name = 'UpstreamFailure';
  constructor(readonly failure: Failure) {
    super(`upstream failure: ${describeFailure(failure)}`);
  }
}

export type Decision =
  | { action: 'refresh-token' }
  | { action: 'retry'; delayMs: number; holdOffMs?: number }
  | { action: 'quota' }
  | { action: 'final' };

export interface RetrySettings {
  /** Marketo's rate window; a 606 waits this long. */
  windowMs: number;
  /** First backoff step (doubles per retry, with jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
}

const TOKEN_CODES = new Set(['600', '601', '602']);
// Refused before any work was done: safe to resend even a non-idempotent write.
const SAFE_RETRY_CODES = new Set(['608', '614', '615']);
// The request may have run (timeouts, system errors): resend only what is idempotent.
const AMBIGUOUS_RETRY_CODES = new Set(['500', '502', '604', '611', '713']);

/** Whether Marketo answered with its own code and that code is not a token refusal: it took the token. */
export function acceptedToken(failure: Failure): boolean {
  return failure.kind === 'marketo' && !TOKEN_CODES.has(failure.code);
}

/**
 * Decides what to do after `failure`. `retryNumber` is 1 for the first retry. Non-idempotent requests
 * (e.g. `createDuplicate`) are not resent after failures that may have reached Marketo's database.
 */
export function decide(
  failure: Failure,
  retryNumber: number,
  idempotent: boolean,
  settings: RetrySettings,
): Decision {
  const backoff = (): Decision => ({ action: 'retry', delayMs: backoffDelay(retryNumber, settings) });
  const ambiguous = (): Decision => (idempotent ? backoff() : { action: 'final' });
  switch (failure.kind) {
    case 'marketo': {
      const { code } = failure;
      if (TOKEN_CODES.has(code)) return { action: 'refresh-token' };
      if (code === '607') return { action: 'quota' };
      if (code === '606') {
        const jitter = (settings.random ?? Math.random)() * settings.baseDelayMs;
        return { action: 'retry', delayMs: settings.windowMs + jitter, holdOffMs: settings.windowMs };
      }
      if (SAFE_RETRY_CODES.has(code)) return backoff();
      if (AMBIGUOUS_RETRY_CODES.has(code)) return ambiguous();
      return { action: 'final' };
    }
    case 'http':
      if (failure.status === 429) return backoff();
      return failure.status >= 500 ? ambiguous() : { action: 'final' };
    case 'network':
    case 'invalid':
      return ambiguous();
  }
}

/**
 * Exponential backoff with "equal jitter": between half and all of `base · 2^(n-1)`, capped at `maxDelayMs`,
 * so synchronized clients spread out yet every retry still waits.
 */
export function backoffDelay(retryNumber: number, settings: RetrySettings): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return ceiling / 2 + (settings.random ?? Math.random)() * (ceiling / 2);
}

/** The code a failure is reported under: Marketo's, the HTTP status, `network` or `invalid_response`. */
export function failureCode(failure: Failure): string {
  switch (failure.kind) {
    case 'marketo':
      return failure.code;
    case 'http':
      return String(failure.status);
    case 'network':
      return 'network';
    case 'invalid':
      return 'invalid_response';
  }
}

/** Human words for a failure; never includes a URL, token or secret. */
export function describeFailure(failure: Failure): string {
  switch (failure.kind) {
    case 'marketo':
      return `Marketo error ${failure.code}: ${failure.message}`;
    case 'http':
      return `HTTP ${failure.status}`;
    case 'network':
      return `network error (${failure.detail})`;
    case 'invalid':
      return `unexpected response (${failure.detail})`;
  }
}
