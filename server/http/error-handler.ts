// One place that turns every failure into the contract's error envelope. Known errors keep their words;
// anything unexpected becomes a bare 500 whose details go only to the log.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AuditUnavailableError, auditUnavailableApiError } from '../audit/audit-unavailable';
import { isStorageFailure } from '../store/storage-failure';
import { ApiError, MAX_DETAILS, badRequest } from './api-error';
import { fromUpstreamError } from './upstream-errors';
import { validationDetails } from './validation-details';

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as Partial<FastifyError>).code === 'string';
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode, status } = error as { statusCode?: unknown; status?: unknown };
  const value = typeof statusCode === 'number' ? statusCode : status;
  return typeof value === 'number' ? value : undefined;
}

/** Turns any thrown value into an ApiError; `internal` for everything we did not foresee. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof AuditUnavailableError) return auditUnavailableApiError();
  // The console's own database refused a write (full disk, read-only): the operator's problem, said as such.
  if (isStorageFailure(error)) {
    return new ApiError(
      503,
      'storage_unavailable',
      'The console cannot save anything right now. Try again later or tell your administrator.',
    );
  }
  const upstream = fromUpstreamError(error);
  if (upstream) return upstream;
  if (hasZodFastifySchemaValidationErrors(error)) {
    return badRequest('The request is not valid.', validationDetails(error).slice(0, MAX_DETAILS), {
      reason: 'request_invalid',
    });
  }
  if (isFastifyError(error)) {
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return new ApiError(413, 'payload_too_large', 'The request body is too large.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
    }
  }
  const status = statusOf(error);
  if (status === 429) return new ApiError(429, 'rate_limited', 'Too many requests; slow down.');
  // 403 comes from the static file server for paths it will not serve: to a client that is "no such page".
  if (status === 404 || status === 403) return new ApiError(404, 'not_found', 'Not found.');
  if (status === 413) return new ApiError(413, 'payload_too_large', 'The request body is too large.');
  if (status === 415)
    return new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
  // Body parse failures (bad JSON, `__proto__`, empty body) carry a 400 from Fastify; their text is safe.
  if (status !== undefined && status >= 400 && status < 500 && isFastifyError(error))
    return badRequest(error.message);
  if (status !== undefined && status >= 400 && status < 500)
    return badRequest('The request is not valid.', [], { reason: 'request_invalid' });
  return new ApiError(500, 'internal', 'Something went wrong in the proxy.');
}

export async function sendApiError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
): Promise<void> {
  const apiError = toApiError(error);
  if (apiError.status >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code: apiError.code, status: apiError.status }, apiError.message);
  }
  for (const [name, value] of Object.entries(apiError.extra.headers ?? {})) reply.header(name, value);
  await reply.status(apiError.status).type('application/json; charset=utf-8').send(apiError.toEnvelope());
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    await sendApiError(request, reply, error);
  });
}
