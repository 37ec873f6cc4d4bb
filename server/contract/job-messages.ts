import { z } from 'zod';
import { ErrorParamsSchema } from './errors';

/**
 * Stable codes of why an import or bulk move waits or stopped (its `message` is the proxy's English), so the SPA
 * can word it in the user's language. Clients must accept codes they do not know and then show `message`.
 */
export const JOB_MESSAGE_CODES = [
  'call_budget_wait',
  'quota_wait',
  'marketo_unreachable_wait',
  'bulk_queue_full',
  'owner_gone',
  'owner_disabled',
  'owner_not_editor',
  'owner_no_partition',
  'bulk_grants_narrowed',
  'marketo_refused',
  'marketo_refused_file',
  'preview_refused',
  // One file of a bulk-path import (`bulkBatches[].message`).
  'bulk_upload_lost',
  'bulk_settled_by_lookup',
] as const;
export type JobMessageCode = (typeof JOB_MESSAGE_CODES)[number];

/** The fields a job view adds beside `message`: its code (a string, so newer codes still parse) and values. */
export const JobMessageFieldsSchema = z.object({
  /** One of `JOB_MESSAGE_CODES`; absent when there is no message or it has no code. */
  messageCode: z.string().optional(),
  /** The values the message names: `noun` (import/move), `who`, `partition`, `why`, `until` (ISO time). */
  messageParams: ErrorParamsSchema.optional(),
});
