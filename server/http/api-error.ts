import type { ErrorCode, ErrorDetail, ErrorEnvelope, MarketoErrorInfo, Said } from '../contract/errors';

export type { Said } from '../contract/errors';

/**
 * An error a route throws on purpose; the error handler turns it into the contract's envelope with `status`.
 * Anything else thrown becomes a 500 whose details stay in the log.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: {
      details?: ErrorDetail[];
      marketo?: MarketoErrorInfo;
      retryAt?: Date;
      headers?: Record<string, string>;
      said?: Said;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toEnvelope(): ErrorEnvelope {
    const { details, marketo, retryAt, said } = this.extra;
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(said ? { reason: said.reason } : {}),
        ...(said?.params ? { params: said.params } : {}),
        ...(details && details.length > 0 ? { details: details.map((detail) => worded(detail, said)) } : {}),
        ...(marketo ? { marketo } : {}),
        ...(retryAt ? { retryAt: retryAt.toISOString() } : {}),
      },
    };
  }
}

/** A detail without a reason of its own is about the envelope's: the browser words it with that one. */
function worded(detail: ErrorDetail, said: Said | undefined): ErrorDetail {
  if (detail.reason !== undefined || !said) return detail;
  return { ...detail, reason: said.reason, ...(said.params ? { params: said.params } : {}) };
}

// A thousand bad leads must not produce a megabyte of error body.
export const MAX_DETAILS = 50;

export function badRequest(message: string, details: ErrorDetail[] = [], said?: Said): ApiError {
  return new ApiError(400, 'bad_request', message, {
    details: details.slice(0, MAX_DETAILS),
    ...(said && { said }),
  });
}

export function notFound(message: string): ApiError {
  return new ApiError(404, 'not_found', message);
}
