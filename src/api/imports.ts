import {
  keepPreviousData,
  queryOptions,
  skipToken,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import {
  ImportCheckSchema,
  ImportFileSchema,
  ImportJobListSchema,
  ImportJobSchema,
  ImportReasonCountsSchema,
  ImportResultRowSchema,
  ImportResultsPageSchema,
} from '../../server/contract/imports';
import type {
  ImportCheck,
  ImportCounts,
  ImportFile,
  ImportJob,
  ImportRowStatus,
  ImportSettings,
  ImportState,
  ResultsLanguage,
} from '../../server/contract/imports';
import { z } from 'zod';
import type { ApiError } from './api-error';
import { requestJson, requestJsonOnce, requestVoid } from './client';

// A 50 MB file over a slow office line takes minutes; the default 30 s would abort a healthy upload.
const UPLOAD_TIMEOUT_MS = 15 * 60_000;
// The check reads every stored row of the file; a big file takes a while.
const CHECK_TIMEOUT_MS = 120_000;
const POLL_MS = 1_000;
// A job with a message waits (the quota is spent, Marketo does not answer) for minutes or hours; a tab left open
// on it need not ask every second.
const WAITING_POLL_MS = 10_000;

/** The name pasted rows are uploaded under (and shown back). */
export const PASTED_ROWS_NAME = 'pasted rows.csv';

/** Sends the file itself as the body, so the browser streams it from disk instead of reading it into memory. */
export async function uploadImportFile(file: Blob, name: string): Promise<ImportFile> {
  return requestJson('imports/files', ImportFileSchema, {
    method: 'post',
    searchParams: { name },
    body: file,
    headers: { 'content-type': 'text/csv' },
    timeout: UPLOAD_TIMEOUT_MS,
  });
}

export async function checkImport(settings: ImportSettings): Promise<ImportCheck> {
  return requestJson('imports/check', ImportCheckSchema, {
    method: 'post',
    json: settings,
    timeout: CHECK_TIMEOUT_MS,
  });
}

export async function startImport(settings: ImportSettings): Promise<ImportJob> {
  return requestJsonOnce('imports', ImportJobSchema, {
    method: 'post',
    json: settings,
    timeout: CHECK_TIMEOUT_MS,
  });
}

export async function fetchImportJob(id: string): Promise<ImportJob> {
  return requestJson(`imports/${encodeURIComponent(id)}`, ImportJobSchema);
}

export async function fetchImportJobs(): Promise<ImportJob[]> {
  const body = await requestJson('imports', ImportJobListSchema);
  return body.jobs;
}

// A row status a newer proxy adds (say, `written`) is shown in words (rowStatusWords in
// src/features/import/import-words.ts) rather than failing the whole page.
const ShownResultsPageSchema = ImportResultsPageSchema.extend({
  rows: z.array(ImportResultRowSchema.extend({ status: z.string() })),
});
export type ShownResultsPage = z.infer<typeof ShownResultsPageSchema>;

export type ImportResultsFilter = {
  status?: ImportRowStatus;
  reason?: string;
  offset: number;
  limit: number;
};

export async function fetchImportResults(id: string, filter: ImportResultsFilter): Promise<ShownResultsPage> {
  const searchParams = new URLSearchParams({ offset: String(filter.offset), limit: String(filter.limit) });
  if (filter.status) searchParams.set('status', filter.status);
  if (filter.reason) searchParams.set('reason', filter.reason);
  return requestJson(`imports/${encodeURIComponent(id)}/results`, ShownResultsPageSchema, { searchParams });
}

/** The reason codes of the job's rows of `status`, with their row counts. */
export async function fetchImportReasons(id: string, status: ImportRowStatus | undefined) {
  const searchParams = new URLSearchParams(status ? { status } : {});
  return (
    await requestJson(`imports/${encodeURIComponent(id)}/reasons`, ImportReasonCountsSchema, { searchParams })
  ).reasons;
}

// What the proxy answers besides the 2xx is not needed: the job is read again afterwards.
export async function cancelImport(id: string): Promise<void> {
  return requestVoid(`imports/${encodeURIComponent(id)}/cancel`, { method: 'post' });
}

/**
 * Same origin, so a plain link downloads it with the session cookie. The reason column is worded in `language`;
 * column names and status codes are the same in every language.
 */
export function importResultsCsvHref(id: string, language: ResultsLanguage): string {
  return `/api/imports/${encodeURIComponent(id)}/results.csv?${new URLSearchParams({ lang: language }).toString()}`;
}

/** A job that still changes: worth asking again. */
export function isImportActive(state: ImportState | undefined): boolean {
  return state === 'running' || state === 'cancelling';
}

/** How often to ask again about a job: every second while it moves, seldom while it waits, never once done. */
export function importPollMs(job: Pick<ImportJob, 'state' | 'message'> | undefined): number | false {
  if (!isImportActive(job?.state)) return false;
  return job?.message ? WAITING_POLL_MS : POLL_MS;
}

/** For the list: as often as its liveliest job needs. */
export function importListPollMs(
  jobs: readonly Pick<ImportJob, 'state' | 'message'>[] | undefined,
): number | false {
  const intervals = (jobs ?? []).map((job) => importPollMs(job)).filter((ms) => ms !== false);
  return intervals.length === 0 ? false : Math.min(...intervals);
}

/** Rows in Marketo: created, updated, or `written` (in Marketo, which of the two lost in a restart). */
export function importWrittenRows(counts: ImportCounts): number {
  return counts.created + counts.updated + counts.written;
}

/**
 * Rows with an outcome so far (rows skipped by the check count from the start). Rows a cancel or a failure kept
 * from being sent are not done: they never will be.
 */
export function importDoneRows(counts: ImportCounts): number {
  return importWrittenRows(counts) + counts.skipped + counts.failed;
}

export const importQueries = {
  all: () => ['imports'] as const,
  list: () =>
    queryOptions({
      queryKey: [...importQueries.all(), 'list'] as const,
      queryFn: fetchImportJobs,
      staleTime: 0,
      // The list shows running jobs' state chips; keep them current while any runs.
      refetchInterval: (query) => importListPollMs(query.state.data),
    }),
  job: (id: string) =>
    queryOptions({
      queryKey: [...importQueries.all(), 'job', id] as const,
      queryFn: () => fetchImportJob(id),
      staleTime: 0,
      refetchInterval: (query) => importPollMs(query.state.data),
    }),
  /**
   * `progress` changes whenever the job's counters or state do (the job is polled), so the rows are asked again
   * exactly when they may have changed, including once more when the job ends.
   */
  results: (id: string, filter: ImportResultsFilter, progress: string) =>
    queryOptions({
      queryKey: [...importQueries.all(), 'results', id, filter, progress] as const,
      queryFn: () => fetchImportResults(id, filter),
      staleTime: 0,
      // One entry per poll would pile up; only the page on screen is worth keeping.
      gcTime: 0,
      // Switching filter or page keeps the old rows on screen until the new ones arrive.
      placeholderData: keepPreviousData,
    }),
  reasons: (id: string, status: ImportRowStatus | undefined, progress: string) =>
    queryOptions({
      queryKey: [...importQueries.all(), 'reasons', id, status, progress] as const,
      queryFn: () => fetchImportReasons(id, status),
      staleTime: 0,
      gcTime: 0,
      placeholderData: keepPreviousData,
    }),
  /** Nothing is asked until there are settings to check (a file and a partition). */
  check: (settings: ImportSettings | null) =>
    queryOptions({
      queryKey: [...importQueries.all(), 'check', settings] as const,
      queryFn: settings ? () => checkImport(settings) : skipToken,
      staleTime: 0,
      // While a changed setting is checked the last answer stays on screen, but never one about another file.
      placeholderData: (previous, previousQuery) =>
        previousQuery?.queryKey[2]?.fileId === settings?.fileId ? previous : undefined,
    }),
};

export function useUploadImportFile() {
  return useMutation<ImportFile, ApiError, { file: Blob; name: string }>({
    mutationFn: ({ file, name }) => uploadImportFile(file, name),
  });
}

export function useStartImport(onStarted: (job: ImportJob) => void) {
  const queryClient = useQueryClient();
  return useMutation<ImportJob, ApiError, ImportSettings>({
    mutationFn: startImport,
    onSuccess: async (job) => {
      queryClient.setQueryData(importQueries.job(job.id).queryKey, job);
      await queryClient.invalidateQueries({ queryKey: importQueries.list().queryKey });
      onStarted(job);
    },
  });
}

export function useCancelImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, void>({
    mutationFn: () => cancelImport(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: importQueries.all() }),
  });
}
