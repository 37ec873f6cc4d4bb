// Bulk Lead Import (docs/marketo-api-additions.md §16.1): `POST /bulk/v1/leads.json` takes a multipart file and queues a
// batch; status, failures and warnings are read by batchId. Codes and messages not seen on the wire are guesses.
import { MarketoApiError, apiError } from '../envelope';
import { type FieldDef, findField } from '../fields';
import { nginxReply } from '../http-io';
import type { RestRequest, RestResult } from '../rest-request';
import type { Partition } from '../store/db';
import { invalidValue } from '../values';
import { MAX_QUEUED_IMPORTS } from './bulk-jobs';
import { bulkFormat } from './delimited';
import type { ImportJob } from './import-job';
import { readUpload } from './multipart-upload';

const FILE_TYPE = 'text/csv;charset=UTF-8';

/** A parameter from the query (as the Swagger has it) or else a form field (as Adobe's curl example sends it). */
const param = (req: RestRequest, fields: Map<string, string>, name: string): string | undefined =>
  req.query.get(name) ?? fields.get(name);

function lookupFieldOf(raw: string | undefined): FieldDef {
  if (raw === undefined || raw === '') return findField('email') as FieldDef;
  const field = findField(raw);
  if (!field) throw new MarketoApiError('1006', `Field '${raw}' not found`);
  if (!field.searchable || field.name === 'leadPartitionId') {
    throw new MarketoApiError('1011', `Field '${raw}' not supported`);
  }
  return field;
}

function partitionOf(req: RestRequest, name: string | undefined): Partition | 'unknown' | undefined {
  if (name === undefined || name === '') return undefined;
  const partition = req.state.db.partitions().find((p) => p.name === name);
  if (partition) return partition;
  // The same switch as Sync Leads (§14.1): refuse the call, or let every row fail with 1008.
  if (req.state.config.unknownPartitionName === 'response') {
    throw new MarketoApiError('1003', `Partition '${name}' not found`);
  }
  return 'unknown';
}

export async function importLeads(req: RestRequest): Promise<RestResult> {
  const upload = await readUpload(req.raw, req.state.config.bulkImportMaxBytes);
  if (upload.kind === 'too-large') return { reply: nginxReply(413, 'Request Entity Too Large'), code: '413' };
  if (upload.kind === 'not-multipart') throw apiError('612');
  if (upload.kind === 'malformed') throw new MarketoApiError('613', 'Invalid Multipart Request');
  const { fields, file } = upload;

  const rawFormat = param(req, fields, 'format') ?? 'csv';
  const format = bulkFormat(rawFormat);
  if (!format) throw new MarketoApiError('1003', `Invalid format '${rawFormat}'`);
  const lookupField = lookupFieldOf(param(req, fields, 'lookupField'));
  const partitionName = param(req, fields, 'partitionName');
  const partition = partitionOf(req, partitionName);
  const listId = param(req, fields, 'listId');
  if (listId !== undefined) {
    if (!/^\d+$/.test(listId)) throw new MarketoApiError('1001', invalidValue(listId, 'integer'));
    // The emulator has no static lists, so no list id can be found.
    throw new MarketoApiError('1013', 'Object not found');
  }
  // "Empty File" is the message seen on the wire (rudder-transformer's marketo_bulk_upload).
  if (!file || file.every((byte) => byte <= 0x20)) throw new MarketoApiError('1003', 'Empty File');
  if (req.state.bulk.pendingImports() >= MAX_QUEUED_IMPORTS) {
    throw new MarketoApiError('1016', 'Too many imports');
  }
  const job = req.state.bulk.addImport({
    format,
    lookupField,
    partition,
    partitionName: partitionName === '' ? undefined : partitionName,
    file,
  });
  return { result: [{ batchId: job.batchId, importId: String(job.batchId), status: job.status }] };
}

function jobOf(req: RestRequest): ImportJob {
  const raw = req.params.batchId ?? '';
  const job = /^\d{1,9}$/.test(raw) ? req.state.bulk.importJob(Number(raw)) : undefined;
  if (!job) throw new MarketoApiError('1013', 'Object not found');
  return job;
}

export function importStatus(req: RestRequest): RestResult {
  const job = jobOf(req);
  return {
    result: [
      {
        batchId: job.batchId,
        importId: String(job.batchId),
        status: job.status,
        numOfLeadsProcessed: job.imported,
        numOfRowsFailed: job.failed,
        numOfRowsWithWarning: job.warned,
        ...(job.message !== undefined ? { message: job.message } : {}),
      },
    ],
  };
}

export function importFailures(req: RestRequest): RestResult {
  return { reply: { status: 200, contentType: FILE_TYPE, body: jobOf(req).failuresFile() } };
}

export function importWarnings(req: RestRequest): RestResult {
  return { reply: { status: 200, contentType: FILE_TYPE, body: jobOf(req).warningsFile() } };
}
