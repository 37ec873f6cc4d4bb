// Bulk import (server/imports/README.md): upload a CSV file, check it, start a job, watch it, page and download
// its results, cancel it. Files belong to their uploader; jobs are seen by whoever may see their partition.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ImportCheckSchema,
  ImportFileQuerySchema,
  ImportFileSchema,
  ImportIdParamsSchema,
  ImportJobListSchema,
  ImportJobSchema,
  ImportResultsPageSchema,
  ImportResultsQuerySchema,
  ImportSettingsSchema,
  type ImportResultRow,
  type ParsedImportSettings,
} from '../contract/imports';
import { grantedPartitions, requireRole, seesAllPartitions } from '../auth/access';
import { currentUser } from '../auth/request-auth';
import { actor } from '../auth/user-view';
import { auditReason } from '../audit/outcome';
import { ApiError, badRequest, notFound } from '../http/api-error';
import { CsvFileError } from '../imports/csv-reader';
import { ingestFile } from '../imports/file-ingest';
import { cancelJob } from '../imports/job-cancel';
import { checkImport, planFor } from '../imports/job-check';
import { startJob } from '../imports/job-start';
import { toImportJob } from '../imports/job-view';
import { resultsCsv, resultsFileName } from '../imports/results-csv';
import { ImportsRepo, type ImportJobRecord, type ImportResultRecord } from '../store/imports-repo';
import type { UserRecord } from '../store/users-repo';
import { checkGrantedPartitionName } from './lead-checks';
import { errorResponses, type ImportRouteOptions } from './route-options';

/** Jobs `GET /api/imports` lists. */
const RECENT_JOBS = 20;
/** Skipped rows named in the start's audit entry; the job's results hold every one. */
const AUDIT_SKIPPED_ROWS = 1_000;

const FILE_GONE = 'No such file; upload it again.';
const JOB_GONE = 'No such import.';

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? String(Math.round(mb)) : String(Number(mb.toPrecision(2)));
}

// The client may still be sending: close the connection rather than read the rest of a body we refuse.
function tooLarge(maxBytes: number): ApiError {
  return new ApiError(
    413,
    'payload_too_large',
    `The file is larger than ${megabytes(maxBytes)} MB, the most one import accepts.`,
    { headers: { connection: 'close' } },
  );
}

function notCsv(message: string): ApiError {
  return new ApiError(400, 'bad_request', message, { headers: { connection: 'close' } });
}

function isCsvType(header: string | undefined): boolean {
  return /^text\/csv\s*(;|$)/i.test(header ?? '');
}

/** Refuses an upload on its headers alone: role, media type, declared size. */
function checkUpload(request: FastifyRequest, maxBytes: number): void {
  requireRole(currentUser(request), 'editor');
  if (!isCsvType(request.headers['content-type'])) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the file as text/csv.', {
      headers: { connection: 'close' },
    });
  }
  if (Number(request.headers['content-length']) > maxBytes) throw tooLarge(maxBytes);
}

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

export const importRoutes: FastifyPluginCallbackZod<ImportRouteOptions> = (
  app,
  { catalog, access, imports },
  done,
) => {
  const repo = new ImportsRepo(imports.db);

  // Scoped to this plugin: the body reaches the CSV reader as the raw stream, never buffered whole.
  app.addContentTypeParser('text/csv', (_request, payload, parsed) => {
    parsed(null, payload);
  });

  /** `all`, or the partition names the user is granted: the jobs they may see. */
  const visiblePartitions = async (user: UserRecord): Promise<'all' | string[]> => {
    if (user.role === 'admin' || seesAllPartitions(user)) return 'all';
    return grantedPartitions(user, await catalog.partitions()).map((partition) => partition.name);
  };

  /** The job, if the user may see it; a job they may not see reads exactly like a missing one. */
  const visibleJob = async (user: UserRecord, id: string): Promise<ImportJobRecord> => {
    const job = repo.job(id);
    if (!job) throw notFound(JOB_GONE);
    const visible = await visiblePartitions(user);
    if (visible !== 'all' && !visible.includes(job.partitionName)) throw notFound(JOB_GONE);
    return job;
  };

  /**
   * The job's rows (every input cell, mapped or not, and the leads' ids) are its owner's and the admins': others
   * granted the partition follow its progress only.
   */
  const jobWithRows = async (user: UserRecord, id: string): Promise<ImportJobRecord> => {
    const job = await visibleJob(user, id);
    if (user.role !== 'admin' && job.user.id !== user.id) {
      throw new ApiError(
        403,
        'forbidden',
        'Only the user who started this import, or an admin, can see its rows.',
      );
    }
    return job;
  };

  /** The file, the partition and the plan for settings the user sent; 404 for anyone else's file. */
  const prepare = async (user: UserRecord, settings: ParsedImportSettings, onRefused: () => void) => {
    requireRole(user, 'editor');
    const file = repo.file(settings.fileId);
    if (!file || file.userId !== user.id) throw notFound(FILE_GONE);
    const [partitions, fields] = await Promise.all([catalog.partitions(), catalog.fields()]);
    let partition;
    try {
      partition = checkGrantedPartitionName(
        settings.partitionName,
        partitions,
        grantedPartitions(user, partitions),
        seesAllPartitions(user),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) onRefused();
      throw error;
    }
    return { file, partition, planned: planFor(settings, file, fields) };
  };

  app.post(
    '/api/imports/files',
    {
      // The JSON limit must not cut a CSV file short; the reader enforces this one as it streams.
      bodyLimit: imports.maxBytes,
      // Before the body is read: a refused upload costs no parsing.
      onRequest: (request, _reply, next) => {
        try {
          checkUpload(request, imports.maxBytes);
          next();
        } catch (error) {
          next(error as ApiError);
        }
      },
      schema: {
        summary: 'Upload a CSV file (the raw body, Content-Type text/csv): stored and parsed, nothing sent',
        querystring: ImportFileQuerySchema,
        response: { 201: ImportFileSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      if (!(request.body instanceof Readable)) throw notCsv('Send the file as the request body.');
      try {
        const file = await ingestFile(repo, {
          body: request.body,
          name: request.query.name,
          userId: user.id,
          maxBytes: imports.maxBytes,
          nowMs: access.now(),
        });
        return await reply.status(201).send(file);
      } catch (error) {
        if (error instanceof CsvFileError) {
          throw error.status === 413 ? tooLarge(imports.maxBytes) : notCsv(error.message);
        }
        // The browser went away mid-upload (tab closed, network lost): the client's doing, not a server fault.
        if (request.raw.aborted || (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
          throw badRequest('The upload stopped before the whole file arrived; nothing was kept. Try again.');
        }
        throw error;
      }
    },
  );

  const refusalEntry = (user: UserRecord, settings: ParsedImportSettings) => () => {
    access.audit.append({
      user: actor(user),
      action: 'import',
      partitions: [settings.partitionName],
      leadIds: [],
      outcome: 'failure',
      leads: [],
      requestIds: [],
      summary: `refused (import of a file): no access to partition '${settings.partitionName}'`,
    });
  };

  app.post(
    '/api/imports/check',
    {
      schema: {
        summary: 'Check every row of an uploaded file against import settings; nothing is sent',
        body: ImportSettingsSchema,
        response: { 200: ImportCheckSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { file, planned } = await prepare(currentUser(request), request.body, () => undefined);
      return await checkImport(repo, file, planned);
    },
  );

  app.post(
    '/api/imports',
    {
      schema: {
        summary:
          'Start an import job: rows that fail the check are skipped, the rest go to Marketo in chunks',
        body: ImportSettingsSchema,
        response: { 201: ImportJobSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const settings = request.body;
      const { file, partition, planned } = await prepare(user, settings, refusalEntry(user, settings));
      if (planned.plan === undefined) {
        throw badRequest(
          'The import settings have problems; fix them and check again.',
          planned.problems.map((problem) => ({
            path: problem.column === undefined ? 'mapping' : `mapping.${problem.column}`,
            message: problem.message,
          })),
        );
      }
      const id = randomUUID();
      const job = await startJob(
        repo,
        file,
        settings,
        planned.plan,
        { id, user: actor(user), partitionName: partition.name, createdAtMs: access.now() },
        {
          accept: ({ total, skipped }) => {
            // Every row of the file made it into the job, or none: a file removed meanwhile is gone, not shorter.
            if (total !== file.rowCount || repo.file(file.id) === undefined) throw notFound(FILE_GONE);
            if (total === 0) throw badRequest('The file has no data rows.');
            if (skipped === total) {
              throw badRequest('No row can be imported: every row has a problem. Check the file first.');
            }
          },
          // The audit entry lands in the transaction that opens the job: both or neither.
          opened: (created) => {
            const skipped = repo.skippedRows(id, AUDIT_SKIPPED_ROWS);
            access.audit.append({
              user: actor(user),
              action: 'import',
              partitions: [partition.name],
              leadIds: [],
              outcome: created.counts.skipped === 0 ? 'success' : 'partial',
              leads: skipped.map((row) => ({
                index: row.row,
                status: 'skipped',
                ...auditReason([{ code: row.code, message: row.message }]),
              })),
              requestIds: [],
              summary:
                `Import "${file.name}" started: ${created.counts.total} rows, ${created.counts.skipped} skipped by ` +
                `the check (${settings.action} by ${settings.lookupField} into ${partition.name})`,
            });
          },
        },
      ).catch((error: unknown) => {
        // The unused-file clean-up removed the file between the check above and the job's first write.
        if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw notFound(FILE_GONE);
        throw error;
      });
      imports.runner.wake();
      return reply.status(201).send(toImportJob(job, access.now()));
    },
  );

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
      return { jobs: repo.recentJobs(visible, RECENT_JOBS).map((job) => toImportJob(job, now)) };
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
    async (request) => toImportJob(await visibleJob(currentUser(request), request.params.id), access.now()),
  );

  app.get(
    '/api/imports/:id/results',
    {
      schema: {
        summary: 'One page of a job’s rows in row order, optionally of one status',
        params: ImportIdParamsSchema,
        querystring: ImportResultsQuerySchema,
        response: { 200: ImportResultsPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const job = await jobWithRows(currentUser(request), request.params.id);
      const { status, offset, limit } = request.query;
      return {
        columns: job.columns,
        total: repo.countResults(job.id, status),
        rows: repo.results(job, { status, offset, limit }).map(toResultRow),
      };
    },
  );

  app.get(
    '/api/imports/:id/results.csv',
    {
      schema: {
        summary: 'Every row of a job as CSV: the input columns plus id, status and reason',
        params: ImportIdParamsSchema,
        response: { 200: z.string().describe('text/csv'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const job = await jobWithRows(currentUser(request), request.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${resultsFileName(job.fileName)}"`)
        .header('cache-control', 'no-store')
        .send(resultsCsv(repo, job) as unknown as string); // streamed as is: Fastify never serializes a stream
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
        const current = repo.job(job.id) ?? job;
        // A second click (or a second tab) while the first cancel runs: the same answer, no second record.
        if (current.state === 'cancelling') return toImportJob(current, access.now());
        throw badRequest(`The import has already finished (${current.state}).`);
      }
      access.audit.append({
        user: actor(user),
        action: 'import',
        partitions: [job.partitionName],
        leadIds: [],
        outcome: 'success',
        leads: [],
        requestIds: [],
        summary: `Import "${job.fileName}" cancelled: ${cancelled.cancelledRows} rows will not be sent (into ${job.partitionName})`,
      });
      imports.runner.wake();
      const after = repo.job(job.id);
      if (!after) throw notFound(JOB_GONE);
      return toImportJob(after, access.now());
    },
  );

  done();
};
