import { z } from 'zod';

/** Stable codes of the proxy's error envelope; the SPA maps each to words a marketer understands. */
export const ErrorCodeSchema = z.enum([
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'marketo_error',
  'upstream_unavailable',
  'quota_exhausted',
  'audit_unavailable',
  'storage_unavailable',
  // Several replicas share limits through Redis (REDIS_URL); it cannot be reached, so the console pauses.
  'coordination_unavailable',
  'idempotency_key_reused',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** One problem with one input field; `path` is dotted (`leads.3.email`). */
export const ErrorDetailSchema = z.object({ path: z.string(), message: z.string() });
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;

/** Marketo's own words for a failure, kept for support tickets. */
export const MarketoErrorInfoSchema = z.object({
  code: z.string(),
  message: z.string(),
  requestId: z.string().optional(),
});
export type MarketoErrorInfo = z.infer<typeof MarketoErrorInfoSchema>;

/** Every non-2xx answer of `/api` has this body. */
export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    details: z.array(ErrorDetailSchema).optional(),
    marketo: MarketoErrorInfoSchema.optional(),
    /** ISO time when retrying makes sense again (the daily quota resets at midnight US Central). */
    retryAt: z.string().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;
