// Settling a chunk marked `sending` whose answer was never stored: the proxy stopped while it was in flight, or
// its call failed in a way that may have reached Marketo's database. The chunk is not resent as it was; its rows
// are read back by their lookup values, every field they sent. A row is recorded as written only when Marketo
// holds every value it sent; any other row returns to `pending` and rides in a later chunk (README.md).
import type { Catalog } from '../app-deps';
import type { AccessDeps } from '../auth/access-deps';
import { isGranted, partitionIdOf } from '../auth/access';
import { auditReason, overallOutcome } from '../audit/outcome';
import type { Reason } from '../contract/leads';
import type { MarketoApi, MarketoLead, MarketoValue } from '../marketo/types';
import { LEAD_NOT_FOUND, NOT_ACCESSIBLE } from '../routes/lead-access';
import { dataTypeOf, lookupKey } from '../routes/lookup-key';
import { UNKNOWN_PARTITION } from '../routes/written-partitions';
import type { ChunkRow, ImportRunsRepo, RowAnswer, RunJob, SendingChunk } from '../store/import-runs-repo';
import type { UserRecord } from '../store/users-repo';

/** Marketo's clock and ours may differ: a lead created this long before the send may still be the chunk's. */
export const CLOCK_SKEW_MS = 60_000;

const OTHER_PARTITION: Reason = { code: '1010', message: 'Partition update not allowed' };

const NUMERIC = new Set(['integer', 'float', 'currency', 'score', 'percent', 'reference']);
// A plain decimal number, as Java parses one: "0x10", "" or "1,5" must not read as numbers.
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// A time without a zone names no instant, so it can match nothing.
const ZONED_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

export interface ChunkStoreDeps {
  repo: ImportRunsRepo;
  access: AccessDeps;
  now: () => number;
}

export interface ReconcileDeps extends ChunkStoreDeps {
  marketo: MarketoApi;
  catalog: Catalog;
}

/** Why a chunk is being reconciled: the proxy restarted, or its call failed without an answer. */
export type ReconcileCause = 'restart' | 'no-answer';

export interface ReconcileResult {
  /** Rows recorded from what Marketo holds. */
  answered: number;
  /** Rows back to `pending`: Marketo does not hold what they sent. */
  released: number;
}

/** What to store for one chunk. */
export interface ChunkAnswer {
  answers: readonly RowAnswer[];
  /** Rows never written: back to `pending`, for a later chunk. */
  release?: readonly number[];
  requestIds: readonly string[];
  /** Rows known to have reached Marketo (the job's `sent` counter). */
  sentRows: number;
  /** Where the touched leads live, for the audit's readers; the job's partition when left out. */
  partitions?: readonly string[];
  /** Appended to the audit summary. */
  note?: string;
}

/**
 * Stores a chunk's answer in one transaction: each row's status, lead id and reason, the released rows back to
 * `pending`, the job's counters, the chunk `done`, the audit entry, and the job closed if nothing is pending.
 */
export function recordChunkAnswer(
  deps: ChunkStoreDeps,
  job: RunJob,
  chunk: number,
  answer: ChunkAnswer,
): void {
  const { answers, release = [], requestIds, sentRows, partitions = [job.partitionName], note = '' } = answer;
  const count = { created: 0, updated: 0, skipped: 0, failed: 0 };
  for (const row of answers) count[row.status] += 1;
  const leadIds = answers.flatMap((row) => (row.leadId === undefined ? [] : [row.leadId]));
  const nowMs = deps.now();
  deps.repo.transaction(() => {
    deps.repo.storeAnswers(job.id, chunk, answers, release, nowMs, requestIds, sentRows);
    deps.access.audit.append({
      user: { id: job.userId, email: job.userEmail },
      action: 'import',
      partitions: [...new Set(partitions)],
      leadIds: [...new Set(leadIds)],
      outcome: overallOutcome(answers.map((row) => row.status)),
      leads: answers.map((row) => ({
        index: row.row,
        ...(row.leadId === undefined ? {} : { leadId: row.leadId }),
        status: row.status,
        ...auditReason(row.reason ? [row.reason] : undefined),
      })),
      requestIds: [...requestIds],
      summary:
        `Import "${job.fileName}" chunk ${chunk}: ${count.created} created, ${count.updated} updated, ` +
        `${count.skipped} skipped, ${count.failed} failed${note}`,
    });
    deps.repo.finishIfDone(job.id, nowMs);
  });
}

/**
 * Settles one `sending` chunk by reading its rows back. Throws (leaving the chunk `sending`, to be tried again)
 * when Marketo or the catalog cannot be read.
 */
export async function reconcileChunk(
  deps: ReconcileDeps,
  sending: SendingChunk,
  cause: ReconcileCause,
): Promise<ReconcileResult> {
  const job = deps.repo.job(sending.jobId);
  if (!job) return { answered: 0, released: 0 };
  const rows = deps.repo.chunkRows(job.id, sending.chunk);
  const [partitions, fields] = await Promise.all([deps.catalog.partitions(), deps.catalog.fields()]);
  const dataType = dataTypeOf(job.lookupField, fields);
  const unconfirmed: Reason = {
    code: 'unconfirmed',
    message: `Not confirmed after ${cause === 'restart' ? 'a restart' : 'Marketo did not answer'}; check this lead`,
  };
  // A comma cannot travel in Marketo's filter list: such a row can be neither looked up nor safely resent.
  const lookupValue = (row: ChunkRow): string | undefined => {
    const value = row.fields[job.lookupField];
    const text = value === undefined || value === null ? '' : String(value).trim();
    return text === '' || text.includes(',') ? undefined : text;
  };
  const values = [...new Set(rows.flatMap((row) => lookupValue(row) ?? []))];
  const found =
    values.length === 0
      ? []
      : await deps.marketo.getLeadsByFilter(job.lookupField, values, readBackFields(job.lookupField, rows), {
          priority: 'background',
        });
  const byKey = new Map<string, MarketoLead[]>();
  for (const lead of found) {
    const key = lookupKey(job.lookupField === 'id' ? lead.id : lead[job.lookupField], dataType);
    if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), lead]);
  }
  const owner = job.userId === null ? undefined : deps.access.users.byId(job.userId);
  const settle: Settle = {
    action: job.action,
    partitionId: partitions.find((partition) => partition.name === job.partitionName)?.id,
    restricted: owner && owner.partitions !== 'all' ? owner : undefined,
    hidden: job.lookupField === 'id' ? LEAD_NOT_FOUND : NOT_ACCESSIBLE,
    sinceMs: sending.sentAtMs - CLOCK_SKEW_MS,
    dataTypeOf: (field) => dataTypeOf(field, fields),
  };
  const answers: RowAnswer[] = [];
  const release: number[] = [];
  const writtenTo = new Set<number | undefined>();
  for (const row of rows) {
    const value = lookupValue(row);
    if (value === undefined) {
      answers.push({ row: row.row, status: 'failed', reason: unconfirmed });
      continue;
    }
    const key = lookupKey(value, dataType);
    const matches = key === undefined ? [] : (byKey.get(key) ?? []);
    const lead = matches.length === 1 ? matches[0] : undefined;
    const answer = lead && settleRow(settle, row, lead);
    if (!answer) {
      release.push(row.row);
      continue;
    }
    answers.push(answer);
    if (answer.leadId !== undefined) writtenTo.add(partitionIdOf(lead.leadPartitionId));
  }
  const note = `; confirmed by lookup after ${cause === 'restart' ? 'a restart' : 'no answer from Marketo'}, ${release.length} not written and queued again`;
  recordChunkAnswer(deps, job, sending.chunk, {
    answers,
    release,
    requestIds: [],
    // Only a row Marketo holds is known to have been sent; the others may never have left.
    sentRows: answers.filter((answer) => answer.leadId !== undefined).length,
    // updateOnly reaches a lead in any partition: the audit names where the written leads live.
    ...(job.action === 'updateOnly' && writtenTo.size > 0
      ? {
          partitions: [...writtenTo].map(
            (id) => partitions.find((partition) => partition.id === id)?.name ?? UNKNOWN_PARTITION,
          ),
        }
      : {}),
    note,
  });
  return { answered: answers.length, released: release.length };
}

/** Every field the rows sent (to compare), the lookup field (to match) and what places and dates a lead. */
function readBackFields(lookupField: string, rows: readonly ChunkRow[]): string[] {
  const names = new Set(['createdAt', 'updatedAt', 'leadPartitionId', lookupField]);
  for (const row of rows) for (const name of Object.keys(row.fields)) names.add(name);
  // Marketo returns `id` with every lead.
  names.delete('id');
  return [...names];
}

interface Settle {
  action: RunJob['action'];
  /** The job's partition; `undefined` if Marketo no longer lists it (then nothing can have been written). */
  partitionId: number | undefined;
  /** The owner when their grants are limited, to word leads outside them as the write screen does. */
  restricted: UserRecord | undefined;
  hidden: Reason;
  /** Created at or after this instant (our clock, less the skew) means: created by this chunk. */
  sinceMs: number;
  dataTypeOf: (field: string) => string;
}

/**
 * What the one lead matching a row says about it: its answer, or `undefined` when the row may not have been
 * written and must be sent again. Written means Marketo holds every value the row sent: a lead touched lately
 * by someone else, or a chunk marked but never sent, leaves other values. A resent update changes nothing that
 * already landed; a resent createOnly row whose lead is older hears Marketo's own 1005.
 */
function settleRow(settle: Settle, row: ChunkRow, lead: MarketoLead): RowAnswer | undefined {
  if (settle.partitionId === undefined) return undefined;
  const partitionId = partitionIdOf(lead.leadPartitionId);
  if (settle.restricted && (partitionId === undefined || !isGranted(settle.restricted, partitionId))) {
    return { row: row.row, status: 'skipped', reason: settle.hidden };
  }
  const written = holdsSentValues(row.fields, lead, settle.dataTypeOf);
  const createdNow = isAtOrAfter(lead.createdAt, settle.sinceMs);
  if (settle.action === 'createOnly') {
    return written && createdNow ? { row: row.row, status: 'created', leadId: lead.id } : undefined;
  }
  // updateOnly reaches a lead in any partition (Marketo honours partitionName only when creating).
  if (settle.action !== 'updateOnly' && partitionId !== settle.partitionId) {
    return { row: row.row, status: 'skipped', reason: OTHER_PARTITION };
  }
  if (!written) return undefined;
  const created = settle.action === 'createOrUpdate' && createdNow;
  return { row: row.row, status: created ? 'created' : 'updated', leadId: lead.id };
}

/** Whether `lead` holds every value of `fields`, each compared as its field's type (see `holdsValue`). */
export function holdsSentValues(
  fields: Readonly<Record<string, MarketoValue>>,
  lead: MarketoLead,
  dataTypeOf: (field: string) => string,
): boolean {
  return Object.entries(fields).every(([field, value]) => holdsValue(value, lead[field], dataTypeOf(field)));
}

/**
 * Whether a field Marketo read back as `held` holds the `sent` value. Loose only where Marketo's reading is
 * known (numbers by value, booleans, emails in any case, dates and times by instant, text trimmed); whatever
 * cannot be read with certainty is no match, since a wrong "match" loses the row while a wrong "no match"
 * only resends it.
 */
export function holdsValue(
  sent: MarketoValue | undefined,
  held: MarketoValue | undefined,
  dataType: string,
): boolean {
  const sentText = textOf(sent);
  const heldText = textOf(held);
  // null and "" both clear a field.
  if (sentText === '' || heldText === '') return sentText === heldText;
  if (NUMERIC.has(dataType)) return same(numberOf(sentText), numberOf(heldText));
  if (dataType === 'boolean') return same(booleanOf(sentText), booleanOf(heldText));
  if (dataType === 'date' || dataType === 'datetime') return same(instantOf(sentText), instantOf(heldText));
  if (dataType === 'email') return sentText.toLowerCase() === heldText.toLowerCase();
  return sentText === heldText;
}

function textOf(value: MarketoValue | undefined): string {
  return value === undefined || value === null ? '' : String(value).trim();
}

function same<T>(a: T | undefined, b: T | undefined): boolean {
  return a !== undefined && a === b;
}

function numberOf(text: string): number | undefined {
  const number = PLAIN_NUMBER.test(text) ? Number(text) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

function booleanOf(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** Milliseconds since the epoch of a date (midnight UTC) or a zoned date and time; `undefined` otherwise. */
function instantOf(text: string): number | undefined {
  if (DATE_ONLY.test(text)) return isCalendarDay(text) ? Date.parse(`${text}T00:00:00Z`) : undefined;
  const match = ZONED_TIME.exec(text);
  if (!match) return undefined;
  const [, day = '', hours, minutes, seconds = '00', fraction = '', zone = ''] = match;
  if (!isCalendarDay(day)) return undefined;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  // A Date holds milliseconds: finer digits are cut on both sides alike.
  const ms = Date.parse(
    `${day}T${hours}:${minutes}:${seconds}.${fraction.padEnd(3, '0').slice(0, 3)}${offset}`,
  );
  return Number.isFinite(ms) ? ms : undefined;
}

// Date.parse rolls 31 February into March; a day must survive the round trip to be one.
function isCalendarDay(day: string): boolean {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}

/** Whether Marketo's date and time `value` is at or after `sinceMs`; an unreadable one is not. */
function isAtOrAfter(value: MarketoValue | undefined, sinceMs: number): boolean {
  const at = instantOf(textOf(value));
  return at !== undefined && at >= sinceMs;
}
