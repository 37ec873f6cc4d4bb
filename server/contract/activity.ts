import { z } from 'zod';
import { ErrorParamsSchema } from './errors';

export const ActivityActionSchema = z.enum([
  'lead.write',
  'lead.move',
  'import',
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-out',
  'user.create',
  'user.update',
  'user.password-reset',
  // A write reached a lead outside the writer's grants (a race or a lookup rule the screen missed): see server/leads/.
  'security.out-of-grants',
  // Expired audit entries and import jobs deleted (server/store/retention-sweep.ts).
  'retention.sweep',
]);
export type ActivityAction = z.infer<typeof ActivityActionSchema>;

/** What happened to one lead in a write, move or import. */
export const ActivityLeadOutcomeSchema = z.object({
  index: z.number().int().optional(),
  leadId: z.number().int().optional(),
  status: z.string(),
  reason: z.string().optional(),
  /** A bulk move's lead: the partition it was moved from and to (server/moves/chunk-record.ts). */
  from: z.string().optional(),
  to: z.string().optional(),
});

/** Most lead ids and lead outcomes one grouped import item lists; its counts cover every row. */
export const ACTIVITY_GROUP_LIST_MAX = 200;

/** An import's entries (start, chunks, cancel or failure) read as one item: the job, and what they add up to. */
export const ActivityImportJobSchema = z.object({
  /** The import job, for a link to its page. */
  id: z.string(),
  /**
   * Whether the reader may open the job's page (the job's partition is theirs): an update-only import can touch a
   * lead in another partition, whose reader then sees that entry but not the job.
   */
  jobVisible: z.boolean(),
  /** Audit entries in the item (only those the reader may see and the filters match). */
  entries: z.number().int(),
  /** The newest entry's time; the item's `at` is the oldest's. */
  lastAt: z.string(),
  /** Lead outcomes per status over the entries (created, updated, skipped, failed, …). */
  statusCounts: z.record(z.string(), z.number().int()),
  /** Lead ids over the entries (a lead in two entries counts twice); `leadIds` lists the first 200. */
  leadCount: z.number().int(),
});
export type ActivityImportJob = z.infer<typeof ActivityImportJobSchema>;

/**
 * Stable codes of common entries' context (`summary` is the proxy's English), so the SPA can word it in the user's
 * language; clients must accept codes they do not know and then show `summary`.
 */
export const ACTIVITY_SUMMARY_CODES = [
  'signed_in',
  'break_glass_sign_in',
  'signed_out',
  'user_created',
  'password_reset',
  'leads_written',
  'leads_moved',
  'import_chunk',
  'import_chunk_unsure',
  'bulk_file_uploaded',
  'bulk_file_refused',
  'bulk_file_done',
  'move_chunk',
  'move_undo_chunk',
  'entry_undo_chunk',
  'sign_in_unknown_email',
  'sign_in_wrong_password',
  'sign_in_account_disabled',
  'sign_in_password_off',
  'sign_in_rate_limited',
  'move_refused',
  'write_refused',
  'import_refused',
  'move_started',
  'move_cancelled',
  'move_undo_started',
  'entry_undo_started',
  'import_started',
  'import_cancelled',
] as const;
export type ActivitySummaryCode = (typeof ACTIVITY_SUMMARY_CODES)[number];

/** One append-only audit record. */
export const ActivityEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  user: z.object({ id: z.number().int().nullable(), email: z.string() }),
  action: ActivityActionSchema,
  /** Partition names touched (source and target for a move). */
  partitions: z.array(z.string()),
  leadIds: z.array(z.number().int()),
  /** `pending`: recorded before a Marketo write and not completed (the proxy stopped between the two). */
  outcome: z.enum(['success', 'partial', 'failure', 'pending']),
  leads: z.array(ActivityLeadOutcomeSchema),
  /** Marketo's requestIds, for a support ticket. */
  requestIds: z.array(z.string()),
  /** Free-form context: the lead action and lookup field, the changed user, the client address. */
  summary: z.string(),
  /** One of `ACTIVITY_SUMMARY_CODES` (a string, so newer codes still parse), with the values `summary` names. */
  summaryCode: z.string().optional(),
  summaryParams: ErrorParamsSchema.optional(),
  /** Set on an import's item: the entries of one job grouped (`leads` then lists the first problems only). */
  importJob: ActivityImportJobSchema.optional(),
});
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>;

/** `GET /api/activity` and `GET /api/activity.csv` filters. */
export const ActivityQuerySchema = z.object({
  user: z.string().max(255).optional(),
  partition: z.string().max(255).optional(),
  action: ActivityActionSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Opaque; from the previous page's `nextCursor`. */
  cursor: z.string().max(100).optional(),
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .optional(),
});
export type ActivityQuery = z.input<typeof ActivityQuerySchema>;

export const ActivityPageSchema = z.object({
  entries: z.array(ActivityEntrySchema),
  nextCursor: z.string().nullable(),
});
export type ActivityPage = z.infer<typeof ActivityPageSchema>;
