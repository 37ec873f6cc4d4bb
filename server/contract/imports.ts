// Bulk import of a CSV file into one partition, as a job the proxy runs. The flow:
// 1. `POST /api/imports/files` (body: the raw CSV, `Content-Type: text/csv`, `?name=`): the proxy streams it into
//    its database and answers an `ImportFile` (columns, row count, a sample).
// 2. `POST /api/imports/check` with `ImportSettings`: every row validated, nothing sent; answers an `ImportCheck`.
// 3. `POST /api/imports` with the same settings: a job (201 `ImportJob`); rows that failed the check are
//    `skipped` before anything is sent, the rest go to Marketo in chunks of 300, or for big files (`path`) as files
//    of up to 10 MB through Bulk Import (server/imports/bulk/README.md).
// 4. `GET /api/imports/:id` (progress), `GET /api/imports/:id/results` (paged), `GET /api/imports/:id/results.csv`,
//    `POST /api/imports/:id/cancel`, `GET /api/imports` (recent jobs the user may see).
import { z } from 'zod';
import { FieldNameSchema, ReasonSchema } from './leads';
import { JobMessageFieldsSchema } from './job-messages';

/** Rows per sync call: Marketo's limit for one Sync Leads request. */
export const IMPORT_CHUNK_SIZE = 300;
/** Rows shown in an `ImportFile` sample. */
export const IMPORT_SAMPLE_ROWS = 5;
/** Problems listed in one `ImportCheck` (the counts always cover every row). */
export const IMPORT_CHECK_PROBLEM_LIMIT = 200;
export const IMPORT_RESULTS_PAGE_MAX = 500;
export const MAX_IMPORT_COLUMNS = 500;

export const ImportDelimiterSchema = z.enum([',', ';', '\t']);
export type ImportDelimiter = z.infer<typeof ImportDelimiterSchema>;

export const ImportIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'Not an import id');
export const ImportIdParamsSchema = z.object({ id: ImportIdSchema });

export const ImportFileQuerySchema = z.object({
  /** The file's name as the user chose it (shown back, and in the results file name). */
  name: z.string().trim().min(1).max(255).default('pasted rows.csv'),
});

/** An uploaded file, parsed and stored; the raw bytes are not kept. */
export const ImportFileSchema = z.object({
  id: ImportIdSchema,
  name: z.string(),
  sizeBytes: z.number().int(),
  delimiter: ImportDelimiterSchema,
  /** The header row's cells, in order. */
  columns: z.array(z.string()),
  /** Data rows (the header not counted). */
  rowCount: z.number().int(),
  /** The first few data rows, as parsed. */
  sample: z.array(z.array(z.string())),
});
export type ImportFile = z.infer<typeof ImportFileSchema>;

/** Actions an import may take; `createDuplicate` is left out on purpose (a resent file would double every lead). */
export const ImportActionSchema = z.enum(['createOrUpdate', 'createOnly', 'updateOnly']);
export type ImportAction = z.infer<typeof ImportActionSchema>;

/**
 * How the rows reach Marketo: `sync` in chunks of 300 (Sync Leads), `bulk` as files of up to 10 MB (Bulk Lead
 * Import, processed on Marketo's side), `auto` bulk from `IMPORT_BULK_MIN_ROWS` valid rows. Bulk Import only creates
 * or updates, by a lookup field other than `id`, and is refused for an owner with limited grants (its updates
 * cannot be screened row by row); `auto` then takes the sync path, `bulk` is refused with the reason.
 */
export const ImportPathChoiceSchema = z.enum(['auto', 'sync', 'bulk']);
export const ImportPathSchema = z.enum(['sync', 'bulk']);
export type ImportPath = z.infer<typeof ImportPathSchema>;

export const ImportSettingsSchema = z.object({
  fileId: ImportIdSchema,
  partitionName: z.string().trim().min(1).max(255),
  action: ImportActionSchema.default('createOrUpdate'),
  lookupField: FieldNameSchema.default('email'),
  /** One entry per column, in order: the Marketo REST field name it fills, or `null` to leave the column out. */
  mapping: z.array(FieldNameSchema.nullable()).max(MAX_IMPORT_COLUMNS),
  path: ImportPathChoiceSchema.default('auto'),
});
export type ImportSettings = z.input<typeof ImportSettingsSchema>;
export type ParsedImportSettings = z.output<typeof ImportSettingsSchema>;

/** Why a row will not be sent. */
export const RowProblemKindSchema = z.enum([
  'bad_email',
  'missing_lookup',
  'type_error',
  'too_long',
  'duplicate_key',
  'column_count',
]);
export type RowProblemKind = z.infer<typeof RowProblemKindSchema>;

export const RowProblemSchema = z.object({
  /** Spreadsheet row number: the header is row 1, the first data row is row 2. */
  row: z.number().int(),
  kind: RowProblemKindSchema,
  /** The column (header text) at fault, when one is. */
  column: z.string().optional(),
  message: z.string(),
});
export type RowProblem = z.infer<typeof RowProblemSchema>;

/** Which settings rule is broken, so the SPA can word it in the user's language (`message` is the proxy's English). */
export const SettingsProblemKindSchema = z.enum([
  'mapping_length',
  'not_a_field',
  'filled_twice',
  'id_needs_id_lookup',
  'partition_field',
  'read_only',
  'nothing_mapped',
  'id_lookup_needs_update',
  'lookup_not_a_field',
  'lookup_unsupported',
  'lookup_unmapped',
]);
export type SettingsProblemKind = z.infer<typeof SettingsProblemKindSchema>;

/** A problem with the settings themselves (unknown field, read-only field, no lookup column): blocks the start. */
export const SettingsProblemSchema = z.object({
  /** Column index, when the problem is one column's mapping. */
  column: z.number().int().optional(),
  kind: SettingsProblemKindSchema.optional(),
  /** The Marketo field the rule is about, when one is. */
  field: z.string().optional(),
  /** The other column filling the same field (`filled_twice`). */
  otherColumn: z.string().optional(),
  message: z.string(),
});
export type SettingsProblem = z.infer<typeof SettingsProblemSchema>;

/** Why an import cannot go through Bulk Import: not create-or-update, lookup by id, an owner with limited grants. */
export const BulkRefusalSchema = z.enum(['action', 'id_lookup', 'limited_grants']);
export type BulkRefusal = z.infer<typeof BulkRefusalSchema>;

/** The path the checked settings would take (`ImportPathChoiceSchema`), so the wizard can say it before the start. */
export const ImportPathPlanSchema = z.object({
  /** The path the job would take: the one chosen, or by the row count for `auto`. */
  takes: ImportPathSchema,
  /** Valid rows from which `auto` takes Bulk Import (IMPORT_BULK_MIN_ROWS). */
  bulkMinRows: z.number().int(),
  /** Why Bulk Import is refused for these settings and this user; absent when it is open. */
  bulkRefused: BulkRefusalSchema.optional(),
});
export type ImportPathPlan = z.infer<typeof ImportPathPlanSchema>;

export const ImportCheckSchema = z.object({
  rowCount: z.number().int(),
  validRows: z.number().int(),
  invalidRows: z.number().int(),
  /** Empty when the import may start. */
  settingsProblems: z.array(SettingsProblemSchema),
  problemCounts: z.partialRecord(RowProblemKindSchema, z.number().int()),
  /** The first `IMPORT_CHECK_PROBLEM_LIMIT` row problems, in row order (one per row: its first). */
  problems: z.array(RowProblemSchema),
  /** Which path the rows would take; absent from older consoles' answers. */
  path: ImportPathPlanSchema.optional(),
});
export type ImportCheck = z.infer<typeof ImportCheckSchema>;

export const ImportStateSchema = z.enum(['running', 'cancelling', 'cancelled', 'completed', 'failed']);
export type ImportState = z.infer<typeof ImportStateSchema>;

export const ImportCountsSchema = z.object({
  total: z.number().int(),
  /** Rows whose chunk has been answered by Marketo (or failed for good). */
  sent: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /**
   * In Marketo, but created or updated the console cannot tell: its record of Marketo's answer was lost (a crash
   * while the chunk was in flight), and only a lookup afterwards saw the lead holding the row's values.
   */
  written: z.number().int(),
  /** Skipped by the check before sending, or by Marketo. */
  skipped: z.number().int(),
  failed: z.number().int(),
  /** Never sent because the import was cancelled. */
  cancelled: z.number().int(),
});
export type ImportCounts = z.infer<typeof ImportCountsSchema>;

/** Marketo's own state of one uploaded file, as its batch status call last answered. */
export const ImportBulkBatchSchema = z.object({
  /** 1, 2, … in the job. */
  batch: z.number().int(),
  /** Rows in the file. */
  rows: z.number().int(),
  /**
   * `uploading`: sent, no answer yet; `queued`/`importing`: Marketo's state; `complete`/`failed`: Marketo finished
   * (the rows' results are stored); `unknown`: the upload's answer was lost, see `message`.
   */
  state: z.enum(['uploading', 'queued', 'importing', 'complete', 'failed', 'unknown']),
  /** Marketo's batch id, once it answered the upload. */
  marketoBatchId: z.number().int().nullable(),
  /** Rows Marketo imported, failed and warned so far. */
  processed: z.number().int(),
  failed: z.number().int(),
  warned: z.number().int(),
  /** The proxy's English for a file held or settled by lookup (`messageCode` says which), else Marketo's own. */
  message: z.string().nullable(),
  ...JobMessageFieldsSchema.shape,
});
export type ImportBulkBatch = z.infer<typeof ImportBulkBatchSchema>;

export const ImportJobSchema = z.object({
  id: ImportIdSchema,
  fileName: z.string(),
  partitionName: z.string(),
  action: ImportActionSchema,
  lookupField: z.string(),
  user: z.object({ id: z.number().int().nullable(), email: z.string() }),
  state: ImportStateSchema,
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  counts: ImportCountsSchema,
  /** Rows answered per second so far; `null` until the first chunk is answered. */
  rowsPerSecond: z.number().nullable(),
  /** Estimated seconds until every row is answered; `null` when unknown or finished. */
  secondsLeft: z.number().nullable(),
  /** Why the import waits or stopped, in plain words (quota, Marketo unreachable); `null` otherwise. */
  message: z.string().nullable(),
  ...JobMessageFieldsSchema.shape,
  /** The path its rows take (`ImportPathChoiceSchema`); absent from jobs of older consoles: `sync`. */
  path: ImportPathSchema.optional(),
  /** For the bulk path: each uploaded file and Marketo's state of it, in order. */
  bulkBatches: z.array(ImportBulkBatchSchema).optional(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;

export const ImportJobListSchema = z.object({ jobs: z.array(ImportJobSchema) });

export const ImportRowStatusSchema = z.enum([
  'pending',
  'created',
  'updated',
  /** In Marketo, created or updated: which one, the console cannot know (`ImportCounts.written`). */
  'written',
  'skipped',
  'failed',
  'cancelled',
]);
export type ImportRowStatus = z.infer<typeof ImportRowStatusSchema>;

/** A reason code (`1010`, `bad_email`...) that narrows a results filter to the rows skipped or failed for it. */
export const ResultReasonCodeSchema = z.string().trim().min(1).max(64);

export const ImportResultsQuerySchema = z.object({
  status: ImportRowStatusSchema.optional(),
  reason: ResultReasonCodeSchema.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(IMPORT_RESULTS_PAGE_MAX).default(100),
});

export const ImportReasonsQuerySchema = z.object({ status: ImportRowStatusSchema.optional() });

/** `GET /api/imports/:id/reasons`: the reasons a job's rows (of one status) carry, with how many rows each. */
export const ImportReasonCountsSchema = z.object({
  reasons: z.array(z.object({ code: z.string(), message: z.string(), count: z.number().int() })),
});
export type ImportReasonCounts = z.infer<typeof ImportReasonCountsSchema>;

/** The languages the results download can word its reason column in (the SPA's, src/i18n/locales.ts). */
export const ResultsLanguageSchema = z.enum(['en', 'es-MX', 'fr-CA']);
export type ResultsLanguage = z.infer<typeof ResultsLanguageSchema>;

/**
 * The results download: its column names and status values are the same in every language, for scripts and
 * re-uploads; only the reason column is worded in `lang`.
 */
export const ImportResultsCsvQuerySchema = z.object({ lang: ResultsLanguageSchema.default('en') });

export const ImportResultRowSchema = z.object({
  /** Spreadsheet row number (header = 1). */
  row: z.number().int(),
  values: z.array(z.string()),
  status: ImportRowStatusSchema,
  leadId: z.number().int().optional(),
  reason: ReasonSchema.optional(),
});
export type ImportResultRow = z.infer<typeof ImportResultRowSchema>;

export const ImportResultsPageSchema = z.object({
  columns: z.array(z.string()),
  /** Rows matching the filter, over every page. */
  total: z.number().int(),
  rows: z.array(ImportResultRowSchema),
});
export type ImportResultsPage = z.infer<typeof ImportResultsPageSchema>;
