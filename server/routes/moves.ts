// Bulk move routes (server/moves/README.md, contract in server/contract/moves.ts). A job is seen by its owner and by
// users granted every partition only (its rows name leads in the owner's partitions); changed by its owner, or an
// admin. Thin over server/moves/ and the moves repository.
import { activitySummary } from '../audit/summary-codes';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  MoveChoiceSchema,
  MoveCreateSchema,
  MoveFromResultsSchema,
  MoveIdParamsSchema,
  MoveJobListSchema,
  MoveJobSchema,
  MoveRowsPageSchema,
  MoveRowsQuerySchema,
} from '../contract/moves';
import { isGranted, requireRole, seesAllPartitions } from '../auth/access';
import { currentUser } from '../auth/request-auth';
import { actor } from '../auth/user-view';
import { ApiError, badRequest, notFound } from '../http/api-error';
import { checkTarget, createMove, createMoveOf } from '../moves/job-create';
import { toMoveJob } from '../moves/job-view';
import { placed } from '../moves/resolve';
import { importSelection, moveSelection } from '../moves/selection-values';
import { moveResultsCsv } from '../moves/results-csv';
import { toMoveRow } from '../moves/rows-view';
import { undoMove } from '../moves/undo';
import { ImportsRepo } from '../store/imports-repo';
import { MovesRepo, type MoveJobRecord } from '../store/moves-repo';
import type { UserRecord } from '../store/users-repo';
import { importVisibility } from './import-visibility';
import { errorResponses, type ImportRouteOptions } from './route-options';

const RECENT_JOBS = 20;
const JOB_NOT_FOUND = 'No such move job.';
const PICK_BEFORE_START = 'Pick one of the listed leads of an ambiguous row, before the move starts.';
// 100,000 emails of up to 255 characters, as JSON.
const CREATE_BODY_LIMIT = 32 * 1024 * 1024;

export const moveRoutes: FastifyPluginCallbackZod<ImportRouteOptions> = (
  app,
  { catalog, access, imports },
  done,
) => {
  const repo = new MovesRepo(imports.db);
  const importsRepo = new ImportsRepo(imports.db);
  const { jobWithRows } = importVisibility(catalog, importsRepo, access.users);

  async function visibleJob(user: UserRecord, id: string): Promise<MoveJobRecord> {
    const job = await repo.job(id);
    if (!job || (!seesAllPartitions(user) && job.userId !== user.id)) throw notFound(JOB_NOT_FOUND);
    return job;
  }

  /** The job, for its owner (an editor still) or an admin. */
  async function ownJob(user: UserRecord, id: string): Promise<MoveJobRecord> {
    const job = await visibleJob(user, id);
    requireRole(user, 'editor');
    if (user.role !== 'admin' && job.userId !== user.id) {
      throw new ApiError(403, 'forbidden', 'Only the user who made this move, or an admin, can change it.');
    }
    return job;
  }

  const view = async (job: MoveJobRecord) =>
    toMoveJob(repo, (await repo.job(job.id)) ?? job, await catalog.partitions(), access.now());

  async function audit(user: UserRecord, job: MoveJobRecord, summary: string): Promise<void> {
    await access.audit.append({
      user: actor(user),
      action: 'lead.move',
      importJobId: job.id,
      partitions: [job.target],
      leadIds: [],
      outcome: 'success',
      leads: [],
      requestIds: [],
      summary,
    });
  }

  app.post(
    '/api/moves',
    {
      bodyLimit: CREATE_BODY_LIMIT,
      schema: {
        summary:
          'Store a list of lead ids or emails to move to one partition, and look them up (nothing moved)',
        body: MoveCreateSchema,
        response: { 201: MoveJobSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      requireRole(user, 'editor');
      const id = await createMove(repo, catalog, user, request.body, access.now());
      imports.runner.wake();
      return reply.code(201).send(await view((await repo.job(id))!));
    },
  );

  app.post(
    '/api/moves/from-results',
    {
      schema: {
        summary:
          'Move every row of an earlier import or move matching a status (and reason): a bulk move, looked up first',
        body: MoveFromResultsSchema,
        response: { 201: MoveJobSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      requireRole(user, 'editor');
      const { from, jobId, target, status, reason } = request.body;
      await checkTarget(catalog, user, target);
      // Only a user who may see that job's rows may select them; each lead is still looked up in the user's grants.
      const selection =
        from === 'import'
          ? await importSelection(importsRepo, await jobWithRows(user, jobId), { status, reasonCode: reason })
          : await moveSelection(repo, await visibleJob(user, jobId), { status, reasonCode: reason });
      const id = await createMoveOf(repo, user, target, selection, access.now());
      imports.runner.wake();
      return reply.code(201).send(await view((await repo.job(id))!));
    },
  );

  app.get(
    '/api/moves',
    {
      schema: {
        summary: `The ${RECENT_JOBS} most recent bulk moves: the user's own, or every one for a user granted all`,
        response: { 200: MoveJobListSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const jobs = await repo.recentJobs(seesAllPartitions(user) ? undefined : user.id, RECENT_JOBS);
      const partitions = await catalog.partitions();
      return { jobs: await Promise.all(jobs.map((job) => toMoveJob(repo, job, partitions, access.now()))) };
    },
  );

  app.get(
    '/api/moves/:id',
    {
      schema: {
        summary: 'One bulk move: state, counts per status and per source partition',
        params: MoveIdParamsSchema,
        response: { 200: MoveJobSchema, ...errorResponses },
      },
    },
    async (request) => view(await visibleJob(currentUser(request), request.params.id)),
  );

  app.get(
    '/api/moves/:id/rows',
    {
      schema: {
        summary: 'A page of a bulk move’s rows, optionally of one status',
        params: MoveIdParamsSchema,
        querystring: MoveRowsQuerySchema,
        response: { 200: MoveRowsPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const job = await visibleJob(currentUser(request), request.params.id);
      const { status, offset, limit } = request.query;
      const page = await repo.rows(job.id, status, offset, limit);
      const partitions = await catalog.partitions();
      return { rows: page.rows.map((row) => toMoveRow(row, partitions)), total: page.total };
    },
  );

  app.get(
    '/api/moves/:id/results.csv',
    {
      schema: {
        summary: 'Every row of a bulk move as CSV: value, lead id, from, to, status, reason',
        params: MoveIdParamsSchema,
        response: { 200: z.string().describe('text/csv'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const job = await visibleJob(currentUser(request), request.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="move-${job.id}-results.csv"`)
        .header('cache-control', 'no-store')
        .send(moveResultsCsv(repo, job, await catalog.partitions()) as unknown as string);
    },
  );

  app.post(
    '/api/moves/:id/choices',
    {
      schema: {
        summary: 'Pick the lead an ambiguous email means, among its candidates, before the start',
        params: MoveIdParamsSchema,
        body: MoveChoiceSchema,
        response: { 200: MoveJobSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const job = await ownJob(user, request.params.id);
      const { row: rowNumber, leadId } = request.body;
      const row = await repo.row(job.id, rowNumber);
      const candidate = row?.candidates?.find((c) => c.id === leadId);
      if (!row || row.status !== 'ambiguous' || !candidate || job.state !== 'previewed') {
        throw badRequest(PICK_BEFORE_START, [], { reason: 'move_pick_before_start' });
      }
      if (!isGranted(user, candidate.partitionId)) {
        throw badRequest(PICK_BEFORE_START, [], { reason: 'move_pick_before_start' });
      }
      if (await repo.hasLead(job.id, leadId)) {
        throw badRequest('That lead is already in this move.', [], { reason: 'move_lead_already_added' });
      }
      const partitions = await catalog.partitions();
      const target = partitions.find((partition) => partition.name === job.target);
      if (!target) {
        throw badRequest(`Partition '${job.target}' no longer exists.`, [], {
          reason: 'move_target_gone',
          params: { partition: job.target },
        });
      }
      await repo.choose(job.id, rowNumber, placed(rowNumber, leadId, candidate.partitionId, target));
      return view(job);
    },
  );

  app.post(
    '/api/moves/:id/start',
    {
      schema: {
        summary: 'Start moving the previewed rows that are ready',
        params: MoveIdParamsSchema,
        response: { 200: MoveJobSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const job = await ownJob(user, request.params.id);
      if (!(await repo.start(job.id, access.now()))) {
        throw badRequest(`The move cannot start: it is ${job.state}, not previewed.`, [], {
          reason: 'move_not_previewed',
          params: { state: job.state },
        });
      }
      const counts = await repo.counts(job.id);
      await audit(
        user,
        job,
        activitySummary('move_started', { target: job.target, count: counts.pending ?? 0 }),
      );
      imports.runner.wake();
      return view(job);
    },
  );

  app.post(
    '/api/moves/:id/cancel',
    {
      schema: {
        summary: 'Cancel a bulk move: rows not yet sent are cancelled; a chunk in flight still finishes',
        params: MoveIdParamsSchema,
        response: { 200: MoveJobSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const job = await ownJob(user, request.params.id);
      if (!(await repo.cancel(job.id, access.now()))) {
        const current = (await repo.job(job.id)) ?? job;
        if (current.state === 'cancelling') return view(current);
        throw badRequest(`The move has already finished (${current.state}).`, [], {
          reason: 'move_finished',
          params: { state: current.state },
        });
      }
      if (job.state === 'running') {
        await audit(user, job, activitySummary('move_cancelled', { target: job.target }));
      }
      imports.runner.wake();
      return view(job);
    },
  );

  app.post(
    '/api/moves/:id/undo',
    {
      schema: {
        summary: 'Undo a finished bulk move (within 30 days): a new job moves each lead back if still there',
        params: MoveIdParamsSchema,
        response: { 201: MoveJobSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const job = await ownJob(user, request.params.id);
      if (job.undoOf !== null) {
        throw new ApiError(409, 'bad_request', 'An undo cannot itself be undone.', {
          said: { reason: 'move_undo_of_undo' },
        });
      }
      const id = await undoMove(repo, job, user, await catalog.partitions(), access.now());
      const undo = (await repo.job(id))!;
      await audit(user, undo, activitySummary('move_undo_started', { move: job.id, target: job.target }));
      imports.runner.wake();
      return reply.code(201).send(await view(undo));
    },
  );

  done();
};
