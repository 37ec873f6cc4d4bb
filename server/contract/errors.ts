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

/**
 * A finer, stable code for what exactly was wrong, so the SPA can word it in the user's language; `message` stays
 * the proxy's English for API clients and logs. Clients must accept codes they do not know (newer proxies add some)
 * and then show `message`.
 */
export const ERROR_REASONS = [
  'request_invalid',
  // One input of a request the schema refused (an error detail's reason).
  'value_required',
  'value_too_long',
  'value_too_short',
  'value_too_large',
  'value_too_small',
  'value_invalid_format',
  'value_invalid',
  'value_too_many',
  'value_too_few',
  'field_unknown',
  'field_read_only',
  'field_written_by_move',
  'lead_listed_twice',
  'marketo_refused',
  'user_email_taken',
  'user_self_demote',
  'user_last_admin',
  'user_sso_managed',
  'user_sso_password',
  'lead_unknown_partition',
  'lead_fields_not_writable',
  'lead_lookup_unsupported',
  'lead_lookup_values_invalid',
  'lead_moved_twice',
  'move_list_empty',
  'move_list_too_long',
  'move_list_not_csv',
  'move_list_no_column',
  'move_pick_before_start',
  'move_lead_already_added',
  'move_target_gone',
  'move_not_previewed',
  'move_finished',
  'move_undo_closed',
  'move_undo_running',
  'move_undo_of_undo',
  'move_undo_entry_closed',
  'move_undo_partitions_gone',
  'move_selection_empty',
  'import_upload_incomplete',
  'import_file_too_large',
  'import_no_rows',
  'import_no_valid_rows',
  'import_finished',
  // A file refused on upload (server/imports/csv-file-error.ts).
  'csv_binary',
  'csv_not_utf8',
  'csv_utf16',
  'csv_web_page',
  'csv_empty',
  'csv_quote_not_closed',
  'csv_row_too_long',
  'csv_quote_inside',
  'csv_text_after_quote',
  'csv_row_unreadable',
  'csv_too_many_columns',
  'csv_header_empty',
  'csv_header_duplicate',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

/** The values a reason's words name (a partition, a state, a row number). */
export const ErrorParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type ErrorParams = z.infer<typeof ErrorParamsSchema>;

/** The stable code of what exactly was wrong, and the values its words name (the SPA words it from these). */
export type Said = { reason: ErrorReason; params?: ErrorParams };

/** One problem with one input field; `path` is dotted (`leads.3.email`). */
export const ErrorDetailSchema = z.object({
  path: z.string(),
  message: z.string(),
  reason: z.string().optional(),
  params: ErrorParamsSchema.optional(),
});
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
    /** One of `ERROR_REASONS` (a string here so that an older client still reads a newer proxy's envelope). */
    reason: z.string().optional(),
    params: ErrorParamsSchema.optional(),
    details: z.array(ErrorDetailSchema).optional(),
    marketo: MarketoErrorInfoSchema.optional(),
    /** ISO time when retrying makes sense again (the daily quota resets at midnight US Central). */
    retryAt: z.string().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;
