// Bulk move of leads to one partition, as a job the proxy runs (server/moves/README.md). The flow:
// 1. `POST /api/moves` with `{ target, kind, text }`: the list (one id or email a line, or CSV text with an `id`
//    or `email` column) is stored and resolved in the background, nothing sent; answers the job (`resolving`).
// 2. `GET /api/moves/:id` until `previewed`: counts per source partition, not found, ambiguous, already in target.
//    `GET /api/moves/:id/rows?status=ambiguous` lists the candidates; `POST /api/moves/:id/choices` picks one.
// 3. `POST /api/moves/:id/start`: the ready rows are moved in chunks of 300; `GET /api/moves/:id` shows progress,
//    `POST /api/moves/:id/cancel` stops it, `GET /api/moves/:id/results.csv` downloads every row.
// 4. `POST /api/moves/:id/undo` (within `MOVE_UNDO_DAYS`): a new job that moves each lead back, if still there.
// `POST /api/moves/from-results` makes the job of step 1 from an earlier import's or move's rows instead of a list.
import { z } from 'zod';
import { ImportIdSchema, ImportRowStatusSchema, ResultReasonCodeSchema } from './imports';
import { JobMessageFieldsSchema } from './job-messages';
import { ReasonSchema } from './leads';

/** Leads per Update Lead Partition call, and values per Get Leads by Filter Type call. */
export const MOVE_CHUNK_SIZE = 300;
export const MOVE_MAX_ROWS = 100_000;
export const MOVE_UNDO_DAYS = 30;
export const MOVE_ROWS_PAGE_MAX = 500;

export const MoveIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'Not a move job id');
export const MoveIdParamsSchema = z.object({ id: MoveIdSchema });

export const MoveInputKindSchema = z.enum(['id', 'email']);
export type MoveInputKind = z.infer<typeof MoveInputKindSchema>;

export const MoveCreateSchema = z.object({
  target: z.string().trim().min(1).max(255),
  kind: MoveInputKindSchema,
  /** One value a line, or CSV with a header naming an `id` or `email` column. */
  text: z.string().min(1),
});
export type MoveCreate = z.input<typeof MoveCreateSchema>;

export const MoveStateSchema = z.enum([
  'resolving',
  'previewed',
  'running',
  'cancelling',
  'cancelled',
  'completed',
  'failed',
]);
export type MoveState = z.infer<typeof MoveStateSchema>;

/**
 * A row's status. Preview: `unresolved` (not looked up yet), `invalid`, `duplicate` (listed earlier),
 * `not_found` (no such lead, or none the owner may reach: the two read alike), `ambiguous` (an email of several
 * leads), `in_target`, `ready`. Run: `pending`, `moved`, `skipped` (not moved: see its reason), `failed`,
 * `cancelled`.
 */
export const MoveRowStatusSchema = z.enum([
  'unresolved',
  'invalid',
  'duplicate',
  'not_found',
  'ambiguous',
  'in_target',
  'ready',
  'pending',
  'moved',
  'skipped',
  'failed',
  'cancelled',
]);
export type MoveRowStatus = z.infer<typeof MoveRowStatusSchema>;

/**
 * `POST /api/moves/from-results`: a move of every row of an earlier import or move that matches a filter, over
 * all its pages, resolved server-side; the user must be allowed to see that job's rows. Answers the job as
 * `POST /api/moves` does.
 */
export const MoveFromResultsSchema = z.discriminatedUnion('from', [
  z.object({
    from: z.literal('import'),
    jobId: ImportIdSchema,
    target: z.string().trim().min(1).max(255),
    status: ImportRowStatusSchema.optional(),
    reason: ResultReasonCodeSchema.optional(),
  }),
  z.object({
    from: z.literal('move'),
    jobId: MoveIdSchema,
    target: z.string().trim().min(1).max(255),
    status: MoveRowStatusSchema.optional(),
    reason: ResultReasonCodeSchema.optional(),
  }),
]);
export type MoveFromResults = z.input<typeof MoveFromResultsSchema>;

export const MoveJobSchema = z.object({
  id: MoveIdSchema,
  state: MoveStateSchema,
  target: z.string(),
  kind: MoveInputKindSchema,
  user: z.object({ id: z.number().int().nullable(), email: z.string() }),
  /** Why the job waits, stopped or failed, in plain words. */
  message: z.string().nullable(),
  ...JobMessageFieldsSchema.shape,
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Rows of the list. */
  total: z.number().int(),
  counts: z.partialRecord(MoveRowStatusSchema, z.number().int()),
  /** Rows ready to move (or moving), per source partition; only partitions the owner is granted appear. */
  bySource: z.array(z.object({ partition: z.string(), count: z.number().int() })),
  /** Set on an undo: the job it undoes. */
  undoOf: z.string().nullable(),
  /** The Activity entry of the single move this job undoes. */
  undoOfEntry: z.number().int().nullable(),
  /** The undo job of this one, once started. */
  undoneBy: z.string().nullable(),
  /** Until when this job may be undone; null when it cannot be (not finished, an undo itself, or undone). */
  undoUntil: z.string().nullable(),
});
export type MoveJob = z.infer<typeof MoveJobSchema>;

export const MoveJobListSchema = z.object({ jobs: z.array(MoveJobSchema) });

export const MoveCandidateSchema = z.object({ id: z.number().int(), partition: z.string() });

export const MoveRowSchema = z.object({
  row: z.number().int(),
  value: z.string(),
  status: MoveRowStatusSchema,
  leadId: z.number().int().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  reason: ReasonSchema.optional(),
  /** An ambiguous email's leads the owner may reach. */
  candidates: z.array(MoveCandidateSchema).optional(),
});
export type MoveRow = z.infer<typeof MoveRowSchema>;

export const MoveRowsQuerySchema = z.object({
  status: MoveRowStatusSchema.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MOVE_ROWS_PAGE_MAX).default(100),
});

export const MoveRowsPageSchema = z.object({
  rows: z.array(MoveRowSchema),
  /** Rows matching the filter. */
  total: z.number().int(),
});

export const MoveChoiceSchema = z.object({
  row: z.number().int().min(1),
  leadId: z.number().int().positive(),
});

/** `GET /api/activity/:id/undo`: whether a single move's Activity entry may be undone, and its undo once made. */
export const EntryUndoSchema = z.object({
  undoUntil: z.string().nullable(),
  undoneBy: z.string().nullable(),
});
export type EntryUndo = z.infer<typeof EntryUndoSchema>;

export const EntryIdParamsSchema = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
