// Marketo's response envelope (docs/marketo-api.md §2): HTTP 200 for API errors, string codes, no `result` on failure.

export interface MarketoErrorBody {
  code: string;
  message: string;
}

/** Thrown by route handlers to answer with a response-level error; the app turns it into the envelope. */
export class MarketoApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'MarketoApiError';
    this.code = code;
  }
}

/** The messages Marketo sends for response-level codes (real wording where it was seen on the wire). */
export const MESSAGES = {
  '600': 'Empty access token',
  '601': 'Access token invalid',
  '602': 'Access token expired',
  '604': 'Request timed out',
  '605': 'HTTP Method not supported',
  '607': 'Daily quota reached',
  '608': 'API Temporarily Unavailable',
  '609': 'Invalid JSON',
  '610': 'Requested resource not found',
  '611': 'System error',
  '612': 'Invalid Content Type',
} as const;

export type KnownCode = keyof typeof MESSAGES;

export function apiError(code: KnownCode): MarketoApiError {
  return new MarketoApiError(code, MESSAGES[code]);
}

export function rateLimitError(callsPer20s: number): MarketoApiError {
  return new MarketoApiError('606', `Max rate limit '${callsPer20s}' exceeded with in '20' secs`);
}

export function concurrencyError(maxConcurrent: number): MarketoApiError {
  return new MarketoApiError('615', `Concurrent access limit '${maxConcurrent}' reached`);
}

export function methodNotSupported(method: string): MarketoApiError {
  return new MarketoApiError('605', `Request method '${method}' not supported`);
}

/**
 * `requestId` is `<hex>#<hex epoch ms>` (docs/marketo-api.md §2: the suffix decodes to the response time). The prefix has no
 * known meaning on the real API; a wrapping counter keeps ids distinct within one millisecond.
 */
export function createRequestIds(now: () => number): () => string {
  let counter = Math.floor(Math.random() * 0xfffff);
  return () => {
    counter = (counter + 1) % 0x100000;
    return `${counter.toString(16)}#${now().toString(16)}`;
  };
}

export interface SuccessExtras {
  moreResult?: boolean;
  nextPageToken?: string;
}

export function successBody(
  requestId: string,
  result: unknown[] | undefined,
  extras: SuccessExtras = {},
): object {
  // Key order follows the recordings: requestId, result, success, then paging. Get Paging Token has no `result`.
  return { requestId, ...(result === undefined ? {} : { result }), success: true, ...extras };
}

export function failureBody(requestId: string, errors: MarketoErrorBody[]): object {
  return { requestId, success: false, errors };
}
