// Settling a chunk marked `sending` whose answer was never stored: the proxy stopped while it was in flight, or
// its call failed in a way that may have reached Marketo's database. The chunk is never resent; its rows' lookup
// values are read back instead, and each row is recorded from what Marketo now holds, or returned to `pending`
// when Marketo shows no trace of it (then it rides in a later chunk, which cannot write it twice).
import type { Catalog } from '../app-deps';
import type { AccessDeps } from '../auth/access-deps';
import { isGranted, partitionIdOf } from '../auth/access';
import { auditReason, overallOutcome } from '../audit/outcome';
import type { Reason } from '../contract/leads';
import type { MarketoApi, MarketoLead } from '../marketo/types';
import { LEAD_NOT_FOUND, NOT_ACCESSIBLE } from '../routes/lead-access';
import { dataTypeOf, lookupKey } from '../routes/lookup-key';
import type { ChunkRow, ImportRunsRepo, RowAnswer, RunJob, SendingChunk } from '../store/import-runs-repo';
import type { UserRecord } from '../store/users-repo';

/** Marketo's clock and ours may differ; a lead created or changed this long before the send still counts. */
export const CLOCK_SKEW_MS = 60_000;

const LEAD_EXISTS: Reason = { code: '1005', message: 'Lead already exists' };
const OTHER_PARTITION: Reason = { code: '1010', message: 'Partition update not allowed' };

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
  /** Rows back to `pending`: Marketo shows no trace of them. */
  released: number;
}

/**
 * Stores a chunk's answer in one transaction: each row's status, lead id and reason, the rows in `release` back
 * to `pending`, the job's counters, the chunk `done`, the audit entry, and the job closed if nothing is pending.
 */
export function recordChunkAnswer(
  deps: ChunkStoreDeps,
  job: RunJob,
  chunk: number,
  answers: readonly RowAnswer[],
  release: readonly number[],
  requestIds: readonly string[],
  note = '',
): void {
  const count = { created: 0, updated: 0, skipped: 0, failed: 0 };
  for (const answer of answers) count[answer.status] += 1;
  const leadIds = answers.flatMap((answer) => (answer.leadId === undefined ? [] : [answer.leadId]));
  const nowMs = deps.now();
  deps.repo.transaction(() => {
    deps.repo.storeAnswers(job.id, chunk, answers, release, nowMs, requestIds);
    deps.access.audit.append({
      user: { id: job.userId, email: job.userEmail },
      action: 'import',
      partitions: [job.partitionName],
      leadIds: [...new Set(leadIds)],
      outcome: overallOutcome(answers.map((answer) => answer.status)),
      leads: answers.map((answer) => ({
        index: answer.row,
        ...(answer.leadId === undefined ? {} : { leadId: answer.leadId }),
        status: answer.status,
        ...auditReason(answer.reason ? [answer.reason] : undefined),
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
 * Settles one `sending` chunk by looking its rows up. Throws (leaving the chunk `sending`, to be tried again)
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
  const readFields = ['createdAt', 'updatedAt', 'leadPartitionId'];
  if (job.lookupField !== 'id') readFields.push(job.lookupField);
  const found =
    values.length === 0
      ? []
      : await deps.marketo.getLeadsByFilter(job.lookupField, values, readFields, { priority: 'background' });
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
  };
  const answers: RowAnswer[] = [];
  const release: number[] = [];
  for (const row of rows) {
    const value = lookupValue(row);
    if (value === undefined) {
      answers.push({ row: row.row, status: 'failed', reason: unconfirmed });
      continue;
    }
    const key = lookupKey(value, dataType);
    const matches = key === undefined ? [] : (byKey.get(key) ?? []);
    const answer = settleRow(settle, row.row, matches);
    if (answer) answers.push(answer);
    else release.push(row.row);
  }
  const note = `; confirmed by lookup after ${cause === 'restart' ? 'a restart' : 'no answer from Marketo'}, ${release.length} not written and queued again`;
  recordChunkAnswer(deps, job, sending.chunk, answers, release, [], note);
  return { answered: answers.length, released: release.length };
}

interface Settle {
  action: RunJob['action'];
  /** The job's partition; `undefined` if Marketo no longer lists it (then nothing can have been written). */
  partitionId: number | undefined;
  /** The owner when their grants are limited, to word leads outside them as the write screen does. */
  restricted: UserRecord | undefined;
  hidden: Reason;
  /** Created or changed at or after this instant (our clock, less the skew) means: by this chunk. */
  sinceMs: number;
}

/**
 * What Marketo's leads say about one row: its answer, or `undefined` when the row left no trace (no lead, several
 * leads, or a lead this chunk did not touch) and may be sent again: a later send gets Marketo's own answer, and
 * for a lead the chunk never touched, resending the same values is what the user asked for.
 */
function settleRow(settle: Settle, row: number, matches: readonly MarketoLead[]): RowAnswer | undefined {
  const lead = matches.length === 1 ? matches[0] : undefined;
  if (!lead || settle.partitionId === undefined) return undefined;
  const partitionId = partitionIdOf(lead.leadPartitionId);
  if (settle.restricted && (partitionId === undefined || !isGranted(settle.restricted, partitionId))) {
    return { row, status: 'skipped', reason: settle.hidden };
  }
  const createdNow = isAtOrAfter(lead.createdAt, settle.sinceMs);
  const changedNow = createdNow || isAtOrAfter(lead.updatedAt, settle.sinceMs);
  if (settle.action === 'createOnly') {
    return createdNow
      ? { row, status: 'created', leadId: lead.id }
      : { row, status: 'skipped', reason: LEAD_EXISTS };
  }
  // updateOnly reaches a lead in any partition (Marketo honours partitionName only when creating).
  if (settle.action !== 'updateOnly' && partitionId !== settle.partitionId) {
    return { row, status: 'skipped', reason: OTHER_PARTITION };
  }
  if (settle.action === 'createOrUpdate' && createdNow) return { row, status: 'created', leadId: lead.id };
  return changedNow ? { row, status: 'updated', leadId: lead.id } : undefined;
}

function isAtOrAfter(value: unknown, sinceMs: number): boolean {
  if (typeof value !== 'string') return false;
  const at = Date.parse(value);
  return Number.isFinite(at) && at >= sinceMs;
}
