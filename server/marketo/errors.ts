// The errors the Marketo client throws. Routes map them to the proxy's error envelope; none of them ever carries
// a token, a client secret or the identity URL (whose query holds the secret).

/** Base class, so callers can tell any Marketo failure apart from their own bugs. */
export abstract class MarketoError extends Error {
  override name = 'MarketoError';
}

/**
 * A final answer from Marketo: retrying will not help (e.g. 603, 610, 1003, or HTTP 413/414). Carries Marketo's
 * own code, message and `requestId` so support can trace it.
 */
export class MarketoApiError extends MarketoError {
  override name = 'MarketoApiError';
  constructor(
    readonly code: string,
    readonly marketoMessage: string,
    readonly requestId: string | undefined,
  ) {
    super(`Marketo error ${code}: ${marketoMessage}`);
  }
}

/** 607: the subscription's daily quota is used up until `resetsAt` (next midnight, America/Chicago). */
export class MarketoQuotaError extends MarketoError {
  override name = 'MarketoQuotaError';
  readonly code = '607';
  constructor(
    readonly resetsAt: Date,
    readonly requestId: string | undefined,
    readonly marketoMessage = 'Daily quota reached',
  ) {
    super(`Marketo daily API quota used up; it resets at ${resetsAt.toISOString()} (midnight US Central)`);
  }
}

/**
 * No final answer could be had: retries or the deadline ran out, or the network failed. `lastCode` is the last
 * Marketo code seen (e.g. `606`), an HTTP status (`502`), `network`, `deadline` or `invalid_response`.
 */
export class MarketoUnavailableError extends MarketoError {
  override name = 'MarketoUnavailableError';
  constructor(
    readonly lastCode: string,
    message: string,
    readonly requestId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The identity endpoint refused the client id or secret (HTTP 401). Never names the secret. */
export class MarketoAuthError extends MarketoError {
  override name = 'MarketoAuthError';
  constructor(readonly oauthError: string | undefined) {
    super(
      `Marketo refused the client credentials${oauthError ? ` (${oauthError})` : ''}; check MARKETO_CLIENT_ID and MARKETO_CLIENT_SECRET`,
    );
  }
}

/** The reason code a failed batch's records carry: Marketo's code, or `network` when none was had. */
export function reasonCodeOf(error: unknown): string {
  if (error instanceof MarketoApiError || error instanceof MarketoQuotaError) return error.code;
  if (error instanceof MarketoUnavailableError) {
    return /^\d+$/.test(error.lastCode) ? error.lastCode : 'network';
  }
  if (error instanceof MarketoAuthError) return '401';
  return 'network';
}
