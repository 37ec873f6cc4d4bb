// Bulk import writes (server/imports/README.md): upload a CSV file, check it, start a job. Files belong to their
// uploader.
import { activitySummary } from '../audit/summary-codes';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  ImportCheckSchema,
  ImportFileQuerySchema,
  ImportFileSchema,
  ImportJobSchema,
  ImportSettingsSchema,
  type ParsedImportSettings,
} from '../contract/imports';
import { grantedPartitions, requireRole, seesAllPartitions } from '../auth/access';
import { currentUser } from '../auth/request-auth';
import { actor } from '../auth/user-view';
import { auditReason } from '../audit/outcome';
import { ApiError, badRequest, notFound } from '../http/api-error';
import { CsvFileError } from '../imports/csv-reader';
import { ingestFile } from '../imports/file-ingest';
import { checkImport, planFor } from '../imports/job-check';
import { startJob } from '../imports/job-start';
import { bulkRefusal, bulkRefusalKind, choosePath } from '../imports/bulk/path-choice';
import { ImportBulkRepo } from '../store/import-bulk-repo';
import { toImportJob } from '../imports/job-view';
import { constraintViolation } from '../store/constraint-violation';
import { ImportsRepo } from '../store/imports-repo';
import type { UserRecord } from '../store/users-repo';
import { acceptCsvStream, checkUpload, notCsv, tooLarge } from './import-upload-checks';
import { checkGrantedPartitionName } from '../leads/lead-checks';
import { errorResponses, type ImportRouteOptions } from './route-options';

/** Skipped rows named in the start's audit entry; the job's results hold every one. */
const AUDIT_SKIPPED_ROWS = 1_000;

const FILE_GONE = 'No such file; upload it again.';

export const importWriteRoutes: FastifyPluginCallbackZod<ImportRouteOptions> = (
  app,
  { catalog, access, imports },
  done,
) => {
  const repo = new ImportsRepo(imports.db);
  const bulkRepo = new ImportBulkRepo(imports.db);
  const bulkMinRows = imports.bulkMinRows ?? 50_000;
  acceptCsvStream(app);

  /** The file, the partition and the plan for settings the user sent; 404 for anyone else's file. */
  const prepare = async (
    user: UserRecord,
    settings: ParsedImportSettings,
    onRefused: () => Promise<unknown> | undefined,
  ) => {
    requireRole(user, 'editor');
    const file = await repo.file(settings.fileId);
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
      if (error instanceof ApiError && error.status === 403) await onRefused();
      throw error;
    }
    return { file, partition, planned: planFor(settings, file, fields) };
  };

  app.post(
    '/api/imports/files',
    {
      // The JSON limit must not cut a CSV file short; the reader enforces this one as it streams.
      bodyLimit: imports.maxBytes,
      // A large file on a slow link must get through: cut off on silence, not on total time (server/http/timeouts.ts).
      config: { bodyTimeout: 'idle' },
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
          throw error.status === 413 ? tooLarge(imports.maxBytes) : notCsv(error.message, error.said);
        }
        // The browser went away mid-upload (tab closed, network lost): the client's doing, not a server fault.
        if (request.raw.aborted || (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
          throw badRequest(
            'The upload stopped before the whole file arrived; nothing was kept. Try again.',
            [],
            { reason: 'import_upload_incomplete' },
          );
        }
        throw error;
      }
    },
  );

  const refusalEntry = (user: UserRecord, settings: ParsedImportSettings) => async () => {
    await access.audit.append({
      user: actor(user),
      action: 'import',
      partitions: [settings.partitionName],
      leadIds: [],
      outcome: 'failure',
      leads: [],
      requestIds: [],
      summary: activitySummary('import_refused', { partition: settings.partitionName }),
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
      const user = currentUser(request);
      const settings = request.body;
      const { file, planned } = await prepare(user, settings, () => undefined);
      const check = await checkImport(repo, file, planned);
      const bulkRefused = bulkRefusalKind(user, settings);
      const takes = choosePath(settings.path, user, settings, check.validRows, bulkMinRows);
      return { ...check, path: { takes, bulkMinRows, ...(bulkRefused ? { bulkRefused } : {}) } };
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
      const refusal = settings.path === 'bulk' ? bulkRefusal(user, settings) : undefined;
      if (refusal !== undefined) throw badRequest(refusal, [{ path: 'path', message: refusal }]);
      const id = randomUUID();
      const job = await startJob(
        repo,
        file,
        settings,
        planned.plan,
        {
          id,
          user: actor(user),
          partitionName: partition.name,
          createdAtMs: access.now(),
          startedBy: imports.runner.replicaId,
        },
        {
          accept: async ({ total, skipped }) => {
            // Every row of the file made it into the job, or none: a file removed meanwhile is gone, not shorter.
            if (total !== file.rowCount || (await repo.file(file.id)) === undefined)
              throw notFound(FILE_GONE);
            if (total === 0) throw badRequest('The file has no data rows.', [], { reason: 'import_no_rows' });
            if (skipped === total) {
              throw badRequest('No row can be imported: every row has a problem. Check the file first.', [], {
                reason: 'import_no_valid_rows',
              });
            }
            const path = choosePath(settings.path, user, settings, total - skipped, bulkMinRows);
            if (path === 'bulk') await bulkRepo.setPath(id, 'bulk');
          },
          // The audit entry lands in the transaction that opens the job: both or neither.
          opened: async (created) => {
            const skipped = await repo.skippedRows(id, AUDIT_SKIPPED_ROWS);
            await access.audit.append({
              user: actor(user),
              action: 'import',
              importJobId: id,
              partitions: [partition.name],
              leadIds: [],
              outcome: created.counts.skipped === 0 ? 'success' : 'partial',
              leads: skipped.map((row) => ({
                index: row.row,
                status: 'skipped',
                ...auditReason([{ code: row.code, message: row.message }]),
              })),
              requestIds: [],
              summary: activitySummary('import_started', {
                file: file.name,
                total: created.counts.total,
                skipped: created.counts.skipped,
                action: settings.action,
                lookupField: settings.lookupField,
                partition: partition.name,
              }),
            });
          },
        },
      ).catch((error: unknown) => {
        // The unused-file clean-up removed the file between the check above and the job's first write.
        if (constraintViolation(error) === 'foreign-key') throw notFound(FILE_GONE);
        throw error;
      });
      imports.runner.wake();
      return reply.status(201).send(toImportJob(job, access.now()));
    },
  );
  done();
};
