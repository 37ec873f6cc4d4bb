// Bulk moves (server/contract/moves.ts): create and watch a job (from a list, or from selected leads or results),
// page its rows, pick an ambiguous email's lead, start, cancel, undo.
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { MoveJobListSchema, MoveJobSchema, MoveRowsPageSchema } from '../../server/contract/moves';
import type { MoveCreate, MoveFromResults, MoveJob, MoveRowStatus } from '../../server/contract/moves';
import type { ApiError } from './api-error';
import { requestJson } from './client';

// A list of 100,000 emails takes a while to send and store.
const CREATE_TIMEOUT_MS = 5 * 60_000;
const POLL_MS = 1_000;
const WAITING_POLL_MS = 10_000;

const jobPath = (id: string) => `moves/${encodeURIComponent(id)}`;

export async function createMove(body: MoveCreate): Promise<MoveJob> {
  return requestJson('moves', MoveJobSchema, { method: 'post', json: body, timeout: CREATE_TIMEOUT_MS });
}

/** Every row of an earlier import or move matching a filter, read by the server over all pages. */
export async function createMoveFromResults(body: MoveFromResults): Promise<MoveJob> {
  return requestJson('moves/from-results', MoveJobSchema, {
    method: 'post',
    json: body,
    timeout: CREATE_TIMEOUT_MS,
  });
}

export async function fetchMoveJob(id: string): Promise<MoveJob> {
  return requestJson(jobPath(id), MoveJobSchema);
}

export async function fetchMoveJobs(): Promise<MoveJob[]> {
  return (await requestJson('moves', MoveJobListSchema)).jobs;
}

export type MoveRowsFilter = { status?: MoveRowStatus; offset: number; limit: number };

export async function fetchMoveRows(id: string, filter: MoveRowsFilter) {
  const searchParams = new URLSearchParams({ offset: String(filter.offset), limit: String(filter.limit) });
  if (filter.status) searchParams.set('status', filter.status);
  return requestJson(`${jobPath(id)}/rows`, MoveRowsPageSchema, { searchParams });
}

/** Same origin, so a plain link downloads it with the session cookie. */
export function moveResultsCsvHref(id: string): string {
  return `/api/${jobPath(id)}/results.csv`;
}

/** A job that still changes: being looked up, moving, or stopping. */
export function isMoveActive(state: MoveJob['state'] | undefined): boolean {
  return state === 'resolving' || state === 'running' || state === 'cancelling';
}

export function movePollMs(job: Pick<MoveJob, 'state' | 'message'> | undefined): number | false {
  if (!isMoveActive(job?.state)) return false;
  return job?.message ? WAITING_POLL_MS : POLL_MS;
}

export const moveQueries = {
  all: () => ['moves'] as const,
  list: () =>
    queryOptions({
      queryKey: [...moveQueries.all(), 'list'] as const,
      queryFn: fetchMoveJobs,
      staleTime: 0,
      refetchInterval: (query) =>
        (query.state.data ?? []).some((job) => isMoveActive(job.state)) ? POLL_MS : false,
    }),
  job: (id: string) =>
    queryOptions({
      queryKey: [...moveQueries.all(), 'job', id] as const,
      queryFn: () => fetchMoveJob(id),
      staleTime: 0,
      refetchInterval: (query) => movePollMs(query.state.data),
    }),
  /** `progress` changes whenever the job does, so the rows are asked again exactly when they may have changed. */
  rows: (id: string, filter: MoveRowsFilter, progress: string) =>
    queryOptions({
      queryKey: [...moveQueries.all(), 'rows', id, filter, progress] as const,
      queryFn: () => fetchMoveRows(id, filter),
      staleTime: 0,
      gcTime: 0,
      placeholderData: keepPreviousData,
    }),
};

export function useCreateMove(onCreated: (job: MoveJob) => void) {
  const queryClient = useQueryClient();
  return useMutation<MoveJob, ApiError, MoveCreate>({
    mutationFn: createMove,
    onSuccess: (job) => {
      queryClient.setQueryData(moveQueries.job(job.id).queryKey, job);
      onCreated(job);
    },
  });
}

/** Selected leads by id, or every row of earlier results matching a filter. */
export type MoveSelectionRequest = { target: string; leadIds: readonly number[] } | MoveFromResults;

export function useMoveSelection(onCreated: (job: MoveJob) => void) {
  const queryClient = useQueryClient();
  return useMutation<MoveJob, ApiError, MoveSelectionRequest>({
    mutationFn: (request) =>
      'leadIds' in request
        ? createMove({ target: request.target, kind: 'id', text: request.leadIds.join('\n') })
        : createMoveFromResults(request),
    onSuccess: (job) => {
      queryClient.setQueryData(moveQueries.job(job.id).queryKey, job);
      onCreated(job);
    },
  });
}

/** One of the job's actions: start, cancel, undo (a new job), or a choice for an ambiguous row. */
export function useMoveAction(id: string, onDone?: (job: MoveJob) => void) {
  const queryClient = useQueryClient();
  return useMutation<
    MoveJob,
    ApiError,
    { action: 'start' | 'cancel' | 'undo' } | { action: 'choices'; row: number; leadId: number }
  >({
    mutationFn: (request) =>
      requestJson(`${jobPath(id)}/${request.action}`, MoveJobSchema, {
        method: 'post',
        ...(request.action === 'choices' ? { json: { row: request.row, leadId: request.leadId } } : {}),
      }),
    onSuccess: async (job) => {
      await queryClient.invalidateQueries({ queryKey: moveQueries.all() });
      onDone?.(job);
    },
  });
}
