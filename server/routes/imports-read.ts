// Bulk import reads (server/imports/README.md): watch a job, page and download its results, cancel it. Jobs are
// seen by whoever may see their partition (`import-visibility.ts`).
import { activitySummary } from '../audit/summary-codes';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ImportIdParamsSchema,
  ImportJobListSchema,
  ImportJobSchema,
  ImportReasonCountsSchema,
  ImportReasonsQuerySchema,
  ImportResultsCsvQuerySchema,
  ImportResultsPageSchema,
  ImportResultsQuerySchema,
  type ImportResultRow,
} from '../contract/imports';
import { requireRole } from '../auth/access';
import { currentUser } from '../auth/request-auth';
import { actor } from '../auth/user-view';
import { ApiError, badRequest, notFound } from '../http/api-error';
import { cancelJob } from '../imports/job-cancel';
import { toImportJob } from '../imports/job-view';
import { resultsCsv, resultsFileName } from '../imports/results-csv';
import type { ImportResultRecord } from '../store/import-job-records';
import { ImportsRepo } from '../store/imports-repo';
import { ImportBulkRepo } from '../store/import-bulk-repo';
import { acceptCsvStream } from './import-upload-checks';
import { importVisibility, JOB_GONE } from './import-visibility';
import { errorResponses, type ImportRouteOptions } from './route-options';

/** Jobs `GET /api/imports` lists. */
const RECENT_JOBS = 20;

function toResultRow(result: ImportResultRecord): ImportResultRow {
  return {
    row: result.row,
    values: result.cells,
    status: result.status,
    ...(result.leadId === null ? {} : { leadId: result.leadId }),
    ...(result.reasonCode === null
      ? {}
      : { reason: { code: result.reasonCode, message: result.reasonMessage ?? '' } }),
  };
}

export const importReadRoutes: FastifyPluginCallbackZod<ImportRouteOptions> = (
  app,
  { catalog, access, imports },
  done,
) => {
  const repo = new ImportsRepo(imports.db);
  const bulkRepo = new ImportBulkRepo(imports.db);
  // As when these routes shared a plugin with the upload: a cancel sent with a text/csv body is still accepted.
  acceptCsvStream(app);
  const { visiblePartitions, visibleJob, jobWithRows } = importVisibility(catalog, repo, access.users);

  app.get(
    '/api/imports',
    {
      schema: {
        summary: `The ${RECENT_JOBS} most recent import jobs the user may see, newest first`,
        response: { 200: ImportJobListSchema, ...errorResponses },
      },
    },
    async (request) => {
      const visible = await visiblePartitions(currentUser(request));
      const now = access.now();
      return { jobs: (await repo.recentJobs(visible, RECENT_JOBS)).map((job) => toImportJob(job, now)) };
    },
  );

  app.get(
    '/api/imports/:id',
    {
      schema: {
        summary: 'One import job: state, counts, pace',
        params: ImportIdParamsSchema,
        response: { 200: ImportJobSchema, ...errorResponses },
      },
    },
    async (request) => {
      const job = await visibleJob(currentUser(request), request.params.id);
      const batches = job.path === 'bulk' ? await bulkRepo.jobBatches(job.id) : undefined;
      return toImportJob(job, access.now(), batches);
    },
  );

  app.get(
    '/api/imports/:id/results',
    {
      schema: {
        summary: 'One page of a job’s rows in row order, optionally of one status and one reason code',
        params: ImportIdParamsSchema,
        querystring: ImportResultsQuerySchema,
        response: { 200: ImportResultsPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const job = await jobWithRows(currentUser(request), request.params.id);
      const { status, reason, offset, limit } = request.query;
      return {
        columns: job.columns,
        total: await repo.countResults(job.id, status, reason),
        rows: (await repo.results(job, { status, reasonCode: reason, offset, limit })).map(toResultRow),
      };
    },
  );

  app.get(
    '/api/imports/:id/reasons',
    {
      schema: {
        summary: 'The reasons a job’s rows (of one status) were skipped or failed for, with their row counts',
        params: ImportIdParamsSchema,
        querystring: ImportReasonsQuerySchema,
        response: { 200: ImportReasonCountsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const job = await jobWithRows(currentUser(request), request.params.id);
      return { reasons: await repo.reasonCounts(job.id, request.query.status) };
    },
  );

  app.get(
    '/api/imports/:id/results.csv',
    {
      schema: {
        summary: 'Every row of a job as CSV: the input columns plus id, status code and reason (in `lang`)',
        params: ImportIdParamsSchema,
        querystring: ImportResultsCsvQuerySchema,
        response: { 200: z.string().describe('text/csv'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const job = await jobWithRows(currentUser(request), request.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${resultsFileName(job.fileName)}"`)
        .header('cache-control', 'no-store')
        .send(resultsCsv(repo, job, request.query.lang) as unknown as string); // streamed as is: Fastify never serializes a stream
    },
  );

  app.post(
    '/api/imports/:id/cancel',
    {
      schema: {
        summary: 'Cancel a job: rows not yet sent are cancelled; a chunk in flight still finishes',
        params: ImportIdParamsSchema,
        response: { 200: ImportJobSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const job = await visibleJob(user, request.params.id);
      requireRole(user, 'editor');
      if (user.role !== 'admin' && job.user.id !== user.id) {
        throw new ApiError(
          403,
          'forbidden',
          'Only the user who started this import, or an admin, can cancel it.',
        );
      }
      const cancelled = await cancelJob(repo, job.id, access.now());
      if (cancelled === undefined) {
        const current = (await repo.job(job.id)) ?? job;
        // A second click (or a second tab) while the first cancel runs: the same answer, no second record.
        if (current.state === 'cancelling') return toImportJob(current, access.now());
        throw badRequest(`The import has already finished (${current.state}).`, [], {
          reason: 'import_finished',
          params: { state: current.state },
        });
      }
      await access.audit.append({
        user: actor(user),
        action: 'import',
        importJobId: job.id,
        partitions: [job.partitionName],
        leadIds: [],
        outcome: 'success',
        leads: [],
        requestIds: [],
        summary: activitySummary('import_cancelled', {
          file: job.fileName,
          count: cancelled.cancelledRows,
          partition: job.partitionName,
        }),
      });
      imports.runner.wake();
      const after = await repo.job(job.id);
      if (!after) throw notFound(JOB_GONE);
      return toImportJob(after, access.now());
    },
  );

  done();
};
