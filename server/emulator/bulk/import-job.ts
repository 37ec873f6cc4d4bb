// One Bulk Lead Import batch (docs/marketo-api-additions.md §16.1): the file kept as uploaded until the batch starts, then
// its rows written a slice at a time with Sync Leads' createOrUpdate rules (updateOnly when keyed on `id`).
// Failed and warned rows are kept as lines of the failures and warnings files, in the import's own format.
import { type FieldDef, findField } from '../fields';
import { isoSeconds } from '../routes/partitions';
import { type SyncPlan, syncRecord } from '../routes/sync-record';
import type { EmulatorState } from '../state';
import type { Partition } from '../store/db';
import { coerceValue } from '../values';
import { type BulkFormat, delimitedLine, parseDelimited } from './delimited';

export type ImportStatus = 'Queued' | 'Importing' | 'Complete' | 'Failed';

export interface ImportRequest {
  format: BulkFormat;
  lookupField: FieldDef;
  partition: Partition | 'unknown' | undefined;
  partitionName: string | undefined;
  file: Buffer;
}

type RowOutcome = { kind: 'imported'; warning?: string } | { kind: 'failed'; reason: string };

export class ImportJob {
  status: ImportStatus = 'Queued';
  message: string | undefined;
  imported = 0;
  failed = 0;
  warned = 0;
  private file: Buffer | undefined;
  private header: string[] = [];
  private rows: string[][] = [];
  private next = 0;
  private failures = '';
  private warnings = '';

  constructor(
    readonly batchId: number,
    readonly createdAtMs: number,
    private readonly request: ImportRequest,
  ) {
    this.file = request.file;
  }

  /** Queued → Importing (true), or Failed when the file itself is unusable. */
  start(): boolean {
    this.status = 'Importing';
    const file = this.file ?? Buffer.alloc(0);
    this.file = undefined;
    const problem = this.readFile(file);
    if (problem !== undefined) {
      this.status = 'Failed';
      this.message = problem;
    }
    return this.status === 'Importing';
  }

  /** Writes up to `limit` more rows; Complete once every row is done. */
  advance(state: EmulatorState, limit: number): void {
    if (this.status !== 'Importing' || limit <= 0) return;
    const plan = this.plan(state);
    const slice = this.rows.slice(this.next, this.next + limit);
    state.db.transaction(() => {
      for (const cells of slice) this.record(cells, this.importRow(plan, cells));
    });
    this.next += slice.length;
    if (this.next >= this.rows.length) {
      this.rows = [];
      this.status = 'Complete';
      this.message = this.summary();
    }
  }

  /** Marks a batch that could not finish; the slice in flight was rolled back with its transaction. */
  fail(): void {
    this.status = 'Failed';
    this.message = 'System error';
    this.rows = [];
  }

  failuresFile(): string {
    return this.fileWith('Import Failure Reason', this.failures);
  }

  warningsFile(): string {
    return this.fileWith('Import Warning Reason', this.warnings);
  }

  private fileWith(reasonColumn: string, lines: string): string {
    if (this.header.length === 0) return '';
    return delimitedLine([...this.header, reasonColumn], this.request.format) + lines;
  }

  /** Why the file cannot be imported at all, or undefined. Messages are guesses (docs/marketo-api-additions.md §16.1). */
  private readFile(file: Buffer): string | undefined {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(file);
    } catch {
      return 'Invalid file: not UTF-8 text';
    }
    let records: string[][];
    try {
      records = parseDelimited(text, this.request.format);
    } catch {
      return `Invalid file: not a valid ${this.request.format.toUpperCase()} file`;
    }
    const header = (records[0] ?? []).map((name) => name.trim());
    for (const name of header) {
      if (!findField(name)) return `Field '${name}' not found`;
    }
    const duplicate = header.find((name, i) => header.indexOf(name) !== i);
    if (duplicate !== undefined) return `Duplicate field '${duplicate}'`;
    this.header = header;
    this.rows = records.slice(1);
    return undefined;
  }

  private plan(state: EmulatorState): SyncPlan {
    const { lookupField, partition, partitionName } = this.request;
    return {
      action: lookupField.name === 'id' ? 'updateOnly' : 'createOrUpdate',
      lookupField,
      partition,
      partitionName,
      partitions: state.db.partitions(),
      config: state.config,
      db: state.db,
      now: isoSeconds(state.now()),
    };
  }

  private importRow(plan: SyncPlan, cells: string[]): RowOutcome {
    if (cells.length !== this.header.length) return { kind: 'failed', reason: 'Invalid number of fields' };
    const record: Record<string, unknown> = {};
    let warning: string | undefined;
    this.header.forEach((name, i) => {
      const cell = cells[i] ?? '';
      // A blank cell leaves the field as it is (unconfirmed, docs/marketo-api-additions.md §16.1).
      if (cell === '') return;
      record[name] = name === 'id' && /^\d+$/.test(cell) ? Number(cell) : cell;
    });
    for (const [name, value] of Object.entries(record)) {
      const field = findField(name) as FieldDef;
      if (coerceValue(field, value).ok || name === 'id') continue;
      // Adobe's sample: a bad email is imported without it and warned about; other types fail the row.
      if (field.dataType === 'email' && name !== plan.lookupField.name) {
        delete record[name];
        warning = 'Invalid email address';
        continue;
      }
      return { kind: 'failed', reason: `Invalid data type in field ${field.displayName}` };
    }
    const key = plan.lookupField.name;
    if (record[key] === undefined) {
      return { kind: 'failed', reason: `Value for lookup field '${key}' not found` };
    }
    const outcome = syncRecord(plan, record);
    if (outcome.status === 'skipped') {
      return { kind: 'failed', reason: outcome.reasons[0]?.message ?? 'Row skipped' };
    }
    return warning === undefined ? { kind: 'imported' } : { kind: 'imported', warning };
  }

  private record(cells: string[], outcome: RowOutcome): void {
    const { format } = this.request;
    if (outcome.kind === 'failed') {
      this.failed += 1;
      this.failures += delimitedLine([...cells, outcome.reason], format);
      return;
    }
    this.imported += 1;
    if (outcome.warning !== undefined) {
      this.warned += 1;
      this.warnings += delimitedLine([...cells, outcome.warning], format);
    }
  }

  /** Adobe's wording (bulk-lead-import.md, bulk-program-member-import.md). */
  private summary(): string {
    const imported = `${this.imported} records imported (${this.imported} members)`;
    const warned = this.warned === 0 ? '' : `, ${this.warned} ${this.warned === 1 ? 'warning' : 'warnings'}.`;
    if (this.failed === 0) return `Import succeeded, ${imported}${warned}`;
    return `Import completed with errors, ${imported}, ${this.failed} failed${warned}`;
  }
}
