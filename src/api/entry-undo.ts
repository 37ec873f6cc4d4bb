// Undoing a single move from its Activity entry (server/routes/activity-undo.ts): whether it may be undone, and
// the undo, a move job of its own.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { EntryUndoSchema, MoveJobSchema, type MoveJob } from '../../server/contract/moves';
import type { ApiError } from './api-error';
import { requestJson } from './client';
import { moveQueries } from './moves';

const undoPath = (entryId: number) => `activity/${entryId}/undo`;

export const entryUndoQueries = {
  all: () => ['entry-undo'] as const,
  entry: (entryId: number) =>
    queryOptions({
      queryKey: [...entryUndoQueries.all(), entryId] as const,
      queryFn: () => requestJson(undoPath(entryId), EntryUndoSchema),
      staleTime: 0,
    }),
};

export function useUndoEntry(entryId: number, onDone: (job: MoveJob) => void) {
  const queryClient = useQueryClient();
  return useMutation<MoveJob, ApiError, void>({
    mutationFn: () => requestJson(undoPath(entryId), MoveJobSchema, { method: 'post' }),
    onSuccess: async (job) => {
      await queryClient.invalidateQueries({ queryKey: entryUndoQueries.all() });
      await queryClient.invalidateQueries({ queryKey: moveQueries.all() });
      onDone(job);
    },
  });
}
