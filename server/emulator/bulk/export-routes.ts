// Bulk Lead Extract (docs/marketo-api-additions.md §16.2): create a job with fields and one date-range filter, enqueue it,
// poll its status, fetch its file (whole or by byte range), or cancel it. Codes not seen on the wire are guesses.
import { MarketoApiError } from '../envelope';
import { type FieldDef, findField } from '../fields';
import type { EmulatorReply } from '../http-io';
import { type RestRequest, type RestResult, jsonObjectBody } from '../rest-request';
import { EXPORT_FILE_RETENTION_MS, MAX_QUEUED_EXPORTS } from './bulk-jobs';
import { bulkFormat } from './delimited';
import type { DateRangeFilter, ExportJob } from './export-job';

/** Adobe: a date range may span at most 31 days (bulk-lead-extract.md). */
const MAX_RANGE_MS = 31 * 24 * 60 * 60 * 1000;
const FILTER_TYPES = [
  'createdAt',
  'updatedAt',
  'staticListId',
  'staticListName',
  'smartListId',
  'smartListName',
];

function exportFields(raw: unknown): FieldDef[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.some((name) => typeof name !== 'string')) {
    throw new MarketoApiError('1003', 'Fields not specified');
  }
  const names = raw as string[];
  const unknown = names.filter((name) => !findField(name));
  // The wording seen on the wire (airbytehq/airbyte#25064).
  if (unknown.length > 0) throw new MarketoApiError('1003', `Invalid fields [${unknown.join(', ')}]`);
  return names.map((name) => findField(name) as FieldDef);
}

function dateRange(type: 'createdAt' | 'updatedAt', raw: unknown): DateRangeFilter {
  const range = (raw ?? {}) as Record<string, unknown>;
  const startAtMs = typeof range.startAt === 'string' ? Date.parse(range.startAt) : NaN;
  const endAtMs = typeof range.endAt === 'string' ? Date.parse(range.endAt) : NaN;
  if (Number.isNaN(startAtMs) || Number.isNaN(endAtMs) || endAtMs < startAtMs) {
    throw new MarketoApiError('1003', `Invalid ${type} filter: startAt and endAt must be ISO-8601 datetimes`);
  }
  if (endAtMs - startAtMs > MAX_RANGE_MS) {
    throw new MarketoApiError('1003', `Date range of ${type} filter exceeds 31 days`);
  }
  return { type, startAtMs, endAtMs };
}

function exportFilter(req: RestRequest, raw: unknown): DateRangeFilter {
  const filter = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const types = Object.keys(filter);
  if (types.length !== 1) throw new MarketoApiError('1003', 'Exactly one filter type must be specified');
  const type = types[0] as string;
  if (!FILTER_TYPES.includes(type)) throw new MarketoApiError('1003', `Invalid filter type '${type}'`);
  // Lists do not exist in the emulator, and a subscription may lack updatedAt: both are Adobe's 1035.
  if (!(req.state.config.bulkExportFilters as string[]).includes(type)) {
    throw new MarketoApiError('1035', 'Unsupported filter type for target subscription');
  }
  return dateRange(type as DateRangeFilter['type'], filter[type]);
}

function checkDailyQuota(req: RestRequest): void {
  if (req.state.bulk.exportBytesToday() >= req.state.config.bulkExportDailyBytes) {
    throw new MarketoApiError('1029', 'Export daily quota exceeded');
  }
}

export function createExport(req: RestRequest): RestResult {
  const body = jsonObjectBody(req);
  const fields = exportFields(body.fields);
  const filter = exportFilter(req, body.filter);
  const rawFormat = typeof body.format === 'string' ? body.format : 'CSV';
  const format = bulkFormat(rawFormat);
  if (!format) throw new MarketoApiError('1003', `Invalid format '${rawFormat}'`);
  const headers = (body.columnHeaderNames ?? {}) as Record<string, unknown>;
  const columns = fields.map((field) => {
    const header = headers[field.name];
    return typeof header === 'string' && header !== '' ? header : field.name;
  });
  checkDailyQuota(req);
  const job = req.state.bulk.addExport({ fields, columns, format, filter });
  return { result: [job.view()] };
}

function jobOf(req: RestRequest): ExportJob {
  const job = req.state.bulk.exportJob(req.params.exportId ?? '');
  if (!job) throw new MarketoApiError('1013', 'Object not found');
  return job;
}

export function enqueueExport(req: RestRequest): RestResult {
  const job = jobOf(req);
  if (job.status !== 'Created') throw new MarketoApiError('1029', 'Job already queued');
  if (req.state.bulk.activeExports() >= MAX_QUEUED_EXPORTS) {
    throw new MarketoApiError('1029', 'Too many jobs in queue');
  }
  checkDailyQuota(req);
  req.state.bulk.enqueueExport(job);
  return { result: [job.view()] };
}

export function exportStatus(req: RestRequest): RestResult {
  return { result: [jobOf(req).view()] };
}

export function cancelExport(req: RestRequest): RestResult {
  const job = jobOf(req);
  // A finished job stays as it is (unconfirmed).
  if (job.status === 'Created' || job.active) job.cancel();
  return { result: [job.view()] };
}

/** Unlike every other call, a missing file is an HTTP 404 with a plain-text body (bulk-extract.md). */
const notFound = (message: string): RestResult => ({
  reply: { status: 404, contentType: 'text/plain;charset=UTF-8', body: message },
  code: '404',
});

export function exportFile(req: RestRequest): RestResult {
  const job = req.state.bulk.exportJob(req.params.exportId ?? '');
  const file = job?.file;
  if (!job || !file) return notFound('Export file not found');
  if (req.state.now() - (job.finishedAtMs ?? 0) > EXPORT_FILE_RETENTION_MS) {
    return notFound('Export file has expired');
  }
  return { reply: rangeReply(file, req.raw.headers.range) };
}

/** `Range: bytes=a-b` (RFC 7233, one range) → 206 with Content-Range; no or unreadable header → the whole file. */
function rangeReply(file: Buffer, header: string | undefined): EmulatorReply {
  const contentType = 'text/csv;charset=UTF-8';
  const whole: EmulatorReply = {
    status: 200,
    contentType,
    body: file,
    headers: { 'Accept-Ranges': 'bytes' },
  };
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return whole;
  const size = file.length;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) {
    return {
      status: 416,
      contentType: 'text/plain;charset=UTF-8',
      body: 'Requested range not satisfiable',
      headers: { 'Content-Range': `bytes */${size}` },
    };
  }
  return {
    status: 206,
    contentType,
    body: file.subarray(start, end + 1),
    headers: { 'Accept-Ranges': 'bytes', 'Content-Range': `bytes ${start}-${end}/${size}` },
  };
}
