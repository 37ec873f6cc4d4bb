import { ErrorEnvelopeSchema } from '../../server/contract/errors';
import type { ErrorCode, ErrorDetail, ErrorParams, MarketoErrorInfo } from '../../server/contract/errors';

/** The proxy's codes plus what can go wrong before an envelope arrives. */
export type ApiErrorCode = ErrorCode | 'network' | 'timeout' | 'invalid_response';

/** Every failed proxy call surfaces as this one type (declared to TanStack Query via `Register`). */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number | undefined;
  readonly details: ErrorDetail[];
  readonly marketo: MarketoErrorInfo | undefined;
  readonly retryAt: string | undefined;
  /** The proxy's finer code for what was wrong (see ERROR_REASONS), which the SPA words; may be one it does not know. */
  readonly reason: string | undefined;
  readonly params: ErrorParams;

  constructor(
    code: ApiErrorCode,
    message: string,
    extra: {
      status?: number;
      details?: ErrorDetail[];
      marketo?: MarketoErrorInfo;
      retryAt?: string;
      reason?: string;
      params?: ErrorParams;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = extra.status;
    this.details = extra.details ?? [];
    this.marketo = extra.marketo;
    this.retryAt = extra.retryAt;
    this.reason = extra.reason;
    this.params = extra.params ?? {};
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Reads the error envelope of a non-2xx answer; a body that is not one still becomes an ApiError. */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = ErrorEnvelopeSchema.safeParse(body);
  if (!parsed.success) {
    const code: ApiErrorCode = response.status >= 500 ? 'upstream_unavailable' : 'invalid_response';
    return new ApiError(code, `The console's server answered ${response.status}`, {
      status: response.status,
    });
  }
  const { code, message, details, marketo, retryAt, reason, params } = parsed.data.error;
  return new ApiError(code, message, {
    status: response.status,
    ...(details && { details }),
    ...(marketo && { marketo }),
    ...(retryAt && { retryAt }),
    ...(reason && { reason }),
    ...(params && { params }),
  });
}

/** Worth retrying quietly: the proxy already retried, but a short blip may still get through. */
export function isTransient(error: unknown): boolean {
  return (
    isApiError(error) && ['network', 'timeout', 'upstream_unavailable', 'rate_limited'].includes(error.code)
  );
}
