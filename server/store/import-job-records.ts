// How a job and its per-row results read from SQL (migrations.ts `imports`), and the records the repo answers with.
import { sql, type RawBuilder } from 'kysely';
import type { ImportAction, ImportCounts, ImportRowStatus, ImportState } from '../contract/imports';

export interface ImportJobRecord {
  id: string;
  fileId: string;
  fileName: string;
  columns: string[];
  user: { id: number | null; email: string };
  partitionName: string;
  action: ImportAction;
  lookupField: string;
  state: ImportState;
  message: string | null;
  createdAtMs: number;
  /** When the first chunk went out (`null` before); the start of the rate. */
  firstSentAtMs: number | null;
  firstAnswerAtMs: number | null;
  finishedAtMs: number | null;
  counts: ImportCounts;
  path: 'sync' | 'bulk';
}

export interface ImportResultRecord {
  row: number;
  cells: string[];
  status: ImportRowStatus;
  leadId: number | null;
  reasonCode: string | null;
  reasonMessage: string | null;
}

export interface JobRowData {
  id: string;
  file_id: string;
  file_name: string;
  columns: string;
  user_id: number | null;
  user_email: string;
  partition_name: string;
  action: ImportAction;
  lookup_field: string;
  state: ImportState;
  message: string | null;
  created_at_ms: number;
  first_sent_at_ms: number | null;
  first_answer_at_ms: number | null;
  finished_at_ms: number | null;
  path: 'sync' | 'bulk';
  total: number;
  sent: number;
  created: number;
  updated: number;
  written: number;
  skipped: number;
  failed: number;
  cancelled: number;
}

export interface ResultRowData {
  row: number;
  cells: string;
  status: ImportRowStatus;
  lead_id: number | null;
  reason_code: string | null;
  reason_message: string | null;
}

export const JOB_SELECT = sql`
  SELECT j.*, f.name AS file_name, f.columns AS columns,
         (SELECT MIN(c.sent_at_ms) FROM import_chunks c WHERE c.job_id = j.id) AS first_sent_at_ms
  FROM import_jobs j JOIN import_files f ON f.id = j.file_id`;

/** A job's results with their file's cells (`fileId`, the job's file). */
export function resultSelect(fileId: string): RawBuilder<unknown> {
  return sql`
    SELECT r.row, f.cells, r.status, r.lead_id, r.reason_code, r.reason_message
    FROM import_results r JOIN import_file_rows f ON f.file_id = ${fileId} AND f.row = r.row`;
}

export function toJob(row: JobRowData): ImportJobRecord {
  return {
    id: row.id,
    fileId: row.file_id,
    fileName: row.file_name,
    columns: JSON.parse(row.columns) as string[],
    user: { id: row.user_id, email: row.user_email },
    partitionName: row.partition_name,
    action: row.action,
    lookupField: row.lookup_field,
    state: row.state,
    message: row.message,
    createdAtMs: row.created_at_ms,
    firstSentAtMs: row.first_sent_at_ms,
    firstAnswerAtMs: row.first_answer_at_ms,
    finishedAtMs: row.finished_at_ms,
    path: row.path,
    counts: {
      total: row.total,
      sent: row.sent,
      created: row.created,
      updated: row.updated,
      written: row.written,
      skipped: row.skipped,
      failed: row.failed,
      cancelled: row.cancelled,
    },
  };
}

export function toResult(row: ResultRowData): ImportResultRecord {
  return {
    row: row.row,
    cells: JSON.parse(row.cells) as string[],
    status: row.status,
    leadId: row.lead_id,
    reasonCode: row.reason_code,
    reasonMessage: row.reason_message,
  };
}
