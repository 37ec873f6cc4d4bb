// Undoing a single move from its Activity entry (server/moves/undo-entry.ts): whether it may be undone, and the
// undo itself, a bulk-move job of its own (its page is the move job's page). Thin over server/moves/.
import { activitySummary } from '../audit/summary-codes';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { EntryIdParamsSchema, EntryUndoSchema, MoveJobSchema } from '../contract/moves';
import { currentUser } from '../auth/request-auth';
import { actor } from '../auth/user-view';
import { toMoveJob } from '../moves/job-view';
import { entryUndo, undoEntry } from '../moves/undo-entry';
import { MovesRepo } from '../store/moves-repo';
import { errorResponses, type ImportRouteOptions } from './route-options';

export const activityUndoRoutes: FastifyPluginCallbackZod<ImportRouteOptions> = (
  app,
  { catalog, access, imports },
  done,
) => {
  const repo = new MovesRepo(imports.db);

  app.get(
    '/api/activity/:id/undo',
    {
      schema: {
        summary: 'Whether a single move, by its Activity entry, may be undone, and until when',
        params: EntryIdParamsSchema,
        response: { 200: EntryUndoSchema, ...errorResponses },
      },
    },
    async (request) =>
      entryUndo(
        imports.db,
        repo,
        currentUser(request),
        request.params.id,
        await catalog.partitions(),
        access.now(),
      ),
  );

  app.post(
    '/api/activity/:id/undo',
    {
      schema: {
        summary: 'Undo a single move: its leads still where it put them go back where they came from',
        params: EntryIdParamsSchema,
        response: { 201: MoveJobSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const partitions = await catalog.partitions();
      const id = await undoEntry(imports.db, repo, user, request.params.id, partitions, access.now());
      const undo = (await repo.job(id))!;
      await access.audit.append({
        user: actor(user),
        action: 'lead.move',
        importJobId: undo.id,
        partitions: [undo.target],
        leadIds: [],
        outcome: 'success',
        leads: [],
        requestIds: [],
        summary: activitySummary('entry_undo_started', { entry: request.params.id, target: undo.target }),
      });
      imports.runner.wake();
      return reply.code(201).send(await toMoveJob(repo, undo, partitions, access.now()));
    },
  );

  done();
};
