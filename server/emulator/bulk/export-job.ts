// One Bulk Lead Extract job (docs/marketo-api-additions.md §16.2): Created → Queued → Processing → Completed, or Cancelled.
// The leads are chosen when processing starts, from every partition (bulk extract ignores workspaces), and the
// file is written a slice at a time; it exists only once complete, with its size and SHA-256 checksum.
import { createHash } from 'node:crypto';
import type { FieldDef } from '../fields';
import { fieldValue } from '../lead-view';
import { isoSeconds } from '../routes/partitions';
import type { LeadRow } from '../store/db';
import { type BulkFormat, delimitedLine } from './delimited';

export type ExportStatus = 'Created' | 'Queued' | 'Processing' | 'Completed' | 'Cancelled' | 'Failed';

export interface DateRangeFilter {
  type: 'createdAt' | 'updatedAt';
  startAtMs: number;
  endAtMs: number;
}

export interface ExportRequest {
  fields: FieldDef[];
  /** One column name per field: `columnHeaderNames` or the REST name. */
  columns: string[];
  format: BulkFormat;
  filter: DateRangeFilter;
}

export class ExportJob {
  status: ExportStatus = 'Created';
  queuedAtMs: number | undefined;
  startedAtMs: number | undefined;
  finishedAtMs: number | undefined;
  file: Buffer | undefined;
  private records = 0;
  private rows: LeadRow[] = [];
  private next = 0;
  private parts: string[] = [];

  constructor(
    readonly exportId: string,
    readonly createdAtMs: number,
    private readonly request: ExportRequest,
  ) {}

  get active(): boolean {
    return this.status === 'Queued' || this.status === 'Processing';
  }

  enqueue(nowMs: number): void {
    this.status = 'Queued';
    this.queuedAtMs = nowMs;
  }

  fail(nowMs: number): void {
    this.status = 'Failed';
    this.finishedAtMs = nowMs;
    this.rows = [];
    this.parts = [];
  }

  cancel(): void {
    this.status = 'Cancelled';
    this.rows = [];
    this.parts = [];
  }

  /** Queued → Processing: the matching leads as they are now. */
  start(leads: LeadRow[], nowMs: number): void {
    const { type, startAtMs, endAtMs } = this.request.filter;
    this.status = 'Processing';
    this.startedAtMs = nowMs;
    this.rows = leads.filter((lead) => {
      const at = Date.parse(type === 'createdAt' ? lead.createdAt : lead.updatedAt);
      return at >= startAtMs && at <= endAtMs;
    });
    this.parts = [delimitedLine(this.request.columns, this.request.format)];
  }

  /** Writes up to `limit` more rows; Completed, with the file, once every row is written. */
  advance(limit: number, nowMs: number): void {
    if (this.status !== 'Processing' || limit <= 0) return;
    const { fields, format } = this.request;
    for (const row of this.rows.slice(this.next, this.next + limit)) {
      // An empty field is written as `null` (bulk-lead-extract.md).
      const cells = fields.map((field) => String(fieldValue(row, field) ?? 'null'));
      this.parts.push(delimitedLine(cells, format));
    }
    this.next = Math.min(this.next + limit, this.rows.length);
    if (this.next < this.rows.length) return;
    this.file = Buffer.from(this.parts.join(''), 'utf8');
    this.records = this.rows.length;
    this.parts = [];
    this.rows = [];
    this.status = 'Completed';
    this.finishedAtMs = nowMs;
  }

  /** The job as Get Export Lead Job Status shows it (ExportResponse in the Swagger). */
  view(): Record<string, unknown> {
    return {
      exportId: this.exportId,
      format: this.request.format.toUpperCase(),
      status: this.status,
      createdAt: isoSeconds(this.createdAtMs),
      ...(this.queuedAtMs !== undefined ? { queuedAt: isoSeconds(this.queuedAtMs) } : {}),
      ...(this.startedAtMs !== undefined ? { startedAt: isoSeconds(this.startedAtMs) } : {}),
      ...(this.finishedAtMs !== undefined ? { finishedAt: isoSeconds(this.finishedAtMs) } : {}),
      ...(this.status === 'Failed' ? { errorMsg: 'System error' } : {}),
      ...(this.file
        ? {
            numberOfRecords: this.records,
            fileSize: this.file.length,
            fileChecksum: `sha256:${createHash('sha256').update(this.file).digest('hex')}`,
          }
        : {}),
    };
  }
}
