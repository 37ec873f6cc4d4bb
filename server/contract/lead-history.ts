import { z } from 'zod';

/** How far back a history read looks by default, and at most (days before now; never before the lead's creation). */
export const HISTORY_DEFAULT_DAYS = 365;
export const HISTORY_MAX_DAYS = 36_500;

export const LeadHistoryQuerySchema = z.object({
  days: z
    .string()
    .regex(/^[0-9]{1,5}$/, 'A number of days')
    .transform(Number)
    .pipe(z.number().int().min(1).max(HISTORY_MAX_DAYS))
    .optional(),
});

/**
 * A partition in the history: its name; `null` when it lies outside the reader's grants (the SPA says "another
 * partition"), so a Mexico editor sees that a lead came to Mexico but not from where. Absent when not known.
 */
const HistoryPartitionSchema = z.string().nullable();

export const LeadHistoryEventSchema = z.object({
  at: z.string(),
  kind: z.enum(['created', 'moved']),
  /** `moved` only: where the lead was before. */
  from: HistoryPartitionSchema.optional(),
  /** `moved`: where it went; `created`: where it was created, when known. */
  to: HistoryPartitionSchema.optional(),
  /** The console user who did it; absent when only Marketo recorded it (a flow step, another integration). */
  by: z.object({ email: z.string() }).optional(),
  /** Who recorded the event: Marketo's activity log, the console's audit trail, or both. */
  recordedBy: z.array(z.enum(['marketo', 'console'])).min(1),
});
export type LeadHistoryEvent = z.infer<typeof LeadHistoryEventSchema>;

export const LeadHistoryResponseSchema = z.object({
  leadId: z.number().int(),
  /** Newest first. */
  events: z.array(LeadHistoryEventSchema),
  /** The earliest moment looked at: the lead's creation, or `days` before now if that is later. */
  since: z.string(),
  /** False when a read stopped at its cap before reaching the end (older events may be missing). */
  complete: z.boolean(),
});
export type LeadHistoryResponse = z.infer<typeof LeadHistoryResponseSchema>;
