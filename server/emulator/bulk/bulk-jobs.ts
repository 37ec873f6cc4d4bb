// Marketo's bulk queues, run in the background at the configured pace (`bulkTickMs`, `bulkRowsPerTick`):
// imports FIFO, 2 importing and 10 queued at most (1016 beyond); exports 10 queued at most (1029), a configured
// number processing (docs/marketo-api-additions.md §16). The ticker runs only while some job is unfinished.
import { randomUUID } from 'node:crypto';
import type { EmulatorState } from '../state';
import { ExportJob, type ExportRequest } from './export-job';
import { ImportJob, type ImportRequest } from './import-job';

/** Adobe: at most 2 imports processed at once, 10 in the queue including those (bulk-import.md). */
export const MAX_IMPORTING = 2;
export const MAX_QUEUED_IMPORTS = 10;
export const MAX_QUEUED_EXPORTS = 10;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A batchId stays valid 7 days; an export's file is kept 7 days and its status 30 (bulk-*.md). */
export const IMPORT_RETENTION_MS = 7 * DAY_MS;
export const EXPORT_FILE_RETENTION_MS = 7 * DAY_MS;
export const EXPORT_STATUS_RETENTION_MS = 30 * DAY_MS;
const FIRST_BATCH_ID = 1001;

export class BulkJobs {
  private imports = new Map<number, ImportJob>();
  private exports = new Map<string, ExportJob>();
  private nextBatchId = FIRST_BATCH_ID;
  private timer: NodeJS.Timeout | undefined;
  private watchingShutdown = false;

  constructor(private readonly state: () => EmulatorState) {}

  /** Jobs that still count against the import queue: queued or importing. */
  pendingImports(): number {
    return [...this.imports.values()].filter((j) => j.status === 'Queued' || j.status === 'Importing').length;
  }

  addImport(request: ImportRequest): ImportJob {
    const job = new ImportJob(this.nextBatchId, this.state().now(), request);
    this.nextBatchId += 1;
    this.imports.set(job.batchId, job);
    this.wake();
    return job;
  }

  importJob(batchId: number): ImportJob | undefined {
    const job = this.imports.get(batchId);
    if (job && this.state().now() - job.createdAtMs > IMPORT_RETENTION_MS) return undefined;
    return job;
  }

  activeExports(): number {
    return [...this.exports.values()].filter((j) => j.active).length;
  }

  addExport(request: ExportRequest): ExportJob {
    const job = new ExportJob(randomUUID(), this.state().now(), request);
    this.exports.set(job.exportId, job);
    return job;
  }

  /** Export jobs created in the past 7 days, oldest first (Get Export Lead Jobs, bulk-extract.md). */
  recentExports(): ExportJob[] {
    const since = this.state().now() - EXPORT_FILE_RETENTION_MS;
    return [...this.exports.values()].filter((job) => job.createdAtMs >= since);
  }

  exportJob(exportId: string): ExportJob | undefined {
    const job = this.exports.get(exportId);
    const finished = job?.finishedAtMs;
    if (finished !== undefined && this.state().now() - finished > EXPORT_STATUS_RETENTION_MS)
      return undefined;
    return job;
  }

  /** Bytes of export files finished on the current US Central day (the daily allocation, bulk-extract.md). */
  exportBytesToday(): number {
    const now = this.state().now();
    const day = centralDay(now);
    let total = 0;
    for (const job of this.exports.values()) {
      if (job.file && job.finishedAtMs !== undefined && centralDay(job.finishedAtMs) === day)
        total += job.file.length;
    }
    return total;
  }

  enqueueExport(job: ExportJob): void {
    job.enqueue(this.state().now());
    this.wake();
  }

  reset(): void {
    this.stop();
    this.imports = new Map();
    this.exports = new Map();
  }

  private wake(): void {
    const state = this.state();
    if (!this.watchingShutdown) {
      this.watchingShutdown = true;
      state.shutdown.signal.addEventListener('abort', () => this.stop(), { once: true });
    }
    if (this.timer !== undefined || state.shutdown.signal.aborted) return;
    this.timer = setTimeout(() => this.tick(), state.config.bulkTickMs);
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.timer = undefined;
    const state = this.state();
    const rows = state.config.bulkRowsPerTick;
    const imports = [...this.imports.values()];
    let importing = imports.filter((j) => j.status === 'Importing').length;
    for (const job of imports) {
      if (importing >= MAX_IMPORTING) break;
      if (job.status !== 'Queued') continue;
      if (job.start()) importing += 1;
    }
    for (const job of imports)
      failOnError(
        () => job.advance(state, rows),
        () => job.fail(),
      );

    const exports = [...this.exports.values()];
    let processing = exports.filter((j) => j.status === 'Processing').length;
    for (const job of exports) {
      if (processing >= state.config.bulkExportMaxProcessing) break;
      if (job.status !== 'Queued') continue;
      job.start(state.db.allLeads(), state.now());
      processing += 1;
    }
    for (const job of exports)
      failOnError(
        () => job.advance(rows, state.now()),
        () => job.fail(state.now()),
      );

    const unfinished =
      imports.some((j) => j.status === 'Queued' || j.status === 'Importing') || exports.some((j) => j.active);
    if (unfinished) this.wake();
  }
}

/**
 * A job that throws (a bug, or the database going away) fails on its own, as Marketo reports a job it could not
 * finish, instead of taking the whole emulator down from inside a timer.
 */
function failOnError(step: () => void, fail: () => void): void {
  try {
    step();
  } catch {
    fail();
  }
}

function centralDay(epochMs: number): string {
  return new Date(epochMs).toLocaleDateString('en-CA', { timeZone: 'America/Chicago' });
}
