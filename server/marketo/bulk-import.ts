// Marketo's Bulk Lead Import (docs/marketo-api-additions.md §16.1, `importLeadUsingPOST` and the batch calls in
// /work/shared/marketo/openapi/swagger-mapi.json): one multipart upload of a CSV file per batch, then its status,
// failures and warnings by batch id. Every call goes through the client's budget in the lane it is given; the
// upload is not idempotent, so the client never resends it after an answer that may have been lost.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { UpstreamRequest } from './http';
import type { CallPriority } from './rate-budget';
import { parseResult, type Envelope } from './wire';

/** Marketo's batch states, as its status call spells them. */
export const BulkBatchStatusSchema = z.enum(['Queued', 'Importing', 'Complete', 'Failed']);
export type BulkBatchStatus = z.infer<typeof BulkBatchStatusSchema>;

const ImportLeadResponseSchema = z.object({
  batchId: z.number().int(),
  status: z.string(),
  numOfLeadsProcessed: z.number().int().optional(),
  numOfRowsFailed: z.number().int().optional(),
  numOfRowsWithWarning: z.number().int().optional(),
  message: z.string().optional(),
});

/** A batch as Marketo reports it. */
export interface BulkBatch {
  batchId: number;
  status: BulkBatchStatus;
  /** Rows imported so far, warned ones included. */
  processed: number;
  failed: number;
  warned: number;
  /** Marketo's own words once the batch is finished. */
  message: string | null;
  requestId: string | undefined;
}

export interface BulkImportRequest {
  /** The CSV file: a header of REST field names, then one lead per line. */
  csv: Buffer;
  lookupField: string;
  partitionName: string;
}

export interface BulkImportApi {
  /** Uploads one file; resolves with the new batch (`Queued`). Throws `MarketoApiError` 1016 when 10 are queued. */
  importLeads(request: BulkImportRequest): Promise<BulkBatch>;
  batch(batchId: number): Promise<BulkBatch>;
  /** The failures file: the failed rows as sent plus `Import Failure Reason`. */
  failures(batchId: number): Promise<string>;
  /** The warnings file: the warned rows as sent plus `Import Warning Reason`. */
  warnings(batchId: number): Promise<string>;
}

type Call = (request: UpstreamRequest) => Promise<Envelope>;
type Lane = Exclude<CallPriority, 'urgent'>;

/** The Bulk Import calls over the client's `call`, every one in `lane`. */
export function bulkImportApi(call: Call, lane: Lane = 'background'): BulkImportApi {
  const batchPath = (batchId: number) => `bulk/v1/leads/batch/${batchId}`;
  const readFile = async (path: string): Promise<string> => {
    const envelope = await call({ method: 'GET', path, idempotent: true, priority: lane, answer: 'file' });
    const [text] = envelope.result ?? [];
    return typeof text === 'string' ? text : '';
  };
  return {
    async importLeads({ csv, lookupField, partitionName }) {
      const boundary = `----partition-console-${randomUUID()}`;
      const envelope = await call({
        method: 'POST',
        path: 'bulk/v1/leads.json',
        searchParams: { format: 'csv', lookupField, partitionName },
        upload: { contentType: `multipart/form-data; boundary=${boundary}`, body: multipart(boundary, csv) },
        idempotent: false,
        priority: lane,
      });
      return toBatch(envelope);
    },
    async batch(batchId) {
      return toBatch(
        await call({ method: 'GET', path: `${batchPath(batchId)}.json`, idempotent: true, priority: lane }),
      );
    },
    failures: (batchId) => readFile(`${batchPath(batchId)}/failures.json`),
    warnings: (batchId) => readFile(`${batchPath(batchId)}/warnings.json`),
  };
}

function toBatch(envelope: Envelope): BulkBatch {
  const [first] = parseResult(ImportLeadResponseSchema, envelope, 'a bulk import batch');
  if (!first) throw new Error('Marketo answered a bulk import call without its batch');
  const status = BulkBatchStatusSchema.safeParse(first.status);
  return {
    batchId: first.batchId,
    // A state Marketo might add one day is treated as still going: the batch is asked about again later.
    status: status.success ? status.data : 'Importing',
    processed: first.numOfLeadsProcessed ?? 0,
    failed: first.numOfRowsFailed ?? 0,
    warned: first.numOfRowsWithWarning ?? 0,
    message: first.message ?? null,
    requestId: envelope.requestId,
  };
}

function multipart(boundary: string, csv: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="leads.csv"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    ),
    csv,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}
