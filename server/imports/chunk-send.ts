// Sending one claimed chunk and storing Marketo's answer: for an owner with limited grants the rows are screened
// first as interactive writes are, a row too large to go alone is answered without a call, and the answer of
// every row, the job's counters and the audit entry land in one transaction. A failure is handed back to the
// runner, which decides whether the rows wait, the job stops, or the chunk is confirmed by lookup.
import type { Catalog } from '../app-deps';
import type { ParsedLeadWriteRequest, Reason } from '../contract/leads';
import { splitIntoBatches } from '../marketo/batching';
import type { MarketoApi, MarketoPartition, SyncLeadOutcome, TracedOutcomes } from '../marketo/types';
import { LEAD_NOT_FOUND, NOT_ACCESSIBLE, screenWrite } from '../routes/lead-access';
import { UNKNOWN_PARTITION, writtenPartitions } from '../routes/written-partitions';
import type { ChunkRow, RowAnswer, RunJob } from '../store/import-runs-repo';
import type { UserRecord } from '../store/users-repo';
import { recordChunkAnswer, type ChunkStoreDeps } from './chunk-answer';

export interface ChunkSendDeps extends ChunkStoreDeps {
  marketo: MarketoApi;
  /** The same client with its lookups in the background lane. */
  background: MarketoApi;
  catalog: Catalog;
}

/** How a chunk went: answered and stored, or not sent because the screen or the sync call failed. */
export type ChunkSent =
  { kind: 'answered' } | { kind: 'screen-failed'; error: unknown } | { kind: 'call-failed'; error: unknown };

const NO_ANSWER: Reason = { code: 'no_result', message: 'Marketo returned no result for this lead' };
const TOO_LARGE: Reason = {
  code: '413',
  message: "This row alone is larger than Marketo's 1 MB request limit",
};
const NOT_CHECKABLE: Reason = {
  code: 'not_checked',
  message: 'The lookup value contains a comma, so it cannot be checked against your partitions',
};

/** The JSON a sync of `rows` for `job` sends besides the records, sized as the client sizes its batches. */
export function overheadBytes(job: RunJob): number {
  const { action, lookupField, partitionName } = job;
  return Buffer.byteLength(JSON.stringify({ action, lookupField, partitionName, input: [] }), 'utf8');
}

/**
 * Sends the claimed `rows` of `chunk` on `owner`'s rights and stores the answer. On a failure nothing is stored:
 * the chunk is left as it was claimed, for the caller to release or settle.
 */
export async function sendChunk(
  deps: ChunkSendDeps,
  job: RunJob,
  owner: UserRecord,
  chunk: number,
  rows: ChunkRow[],
): Promise<ChunkSent> {
  let blocked = new Map<number, Reason>();
  let matchedInside: Set<number> | undefined;
  let matchedPartitionIds = new Set<number>();
  try {
    if (owner.partitions !== 'all') {
      ({ blocked, matchedInside, matchedPartitionIds } = await screen(deps, job, owner, rows));
    }
  } catch (error) {
    return { kind: 'screen-failed', error };
  }
  const indexes = rows.flatMap((_row, index) => (blocked.has(index) ? [] : [index]));
  const oversized =
    indexes.length === 1 &&
    splitIntoBatches([rows[indexes[0]!]!.fields], { overheadBytes: overheadBytes(job) })[0]?.oversized;
  const sends = indexes.length > 0 && !oversized;
  let traced: TracedOutcomes<SyncLeadOutcome>;
  try {
    traced = !sends
      ? { outcomes: [], requestIds: [] }
      : await deps.marketo.syncLeadsTraced({
          action: job.action,
          lookupField: job.lookupField,
          partitionName: job.partitionName,
          input: indexes.map((index) => rows[index]!.fields),
          priority: 'background',
        });
  } catch (error) {
    return { kind: 'call-failed', error };
  }
  const hidden = job.lookupField === 'id' ? LEAD_NOT_FOUND : NOT_ACCESSIBLE;
  const outcomes = new Map(indexes.map((index, position) => [index, traced.outcomes[position]]));
  const answers = rows.map((row, index): RowAnswer => {
    const reason = blocked.get(index);
    if (reason) return { row: row.row, status: 'skipped', reason };
    if (oversized) return { row: row.row, status: 'failed', reason: TOO_LARGE };
    const outcome = outcomes.get(index);
    if (!outcome) return { row: row.row, status: 'failed', reason: NO_ANSWER };
    let first = outcome.reasons?.[0];
    // As for interactive writes: a 1010 about a lead not placed inside the grants must not hint where it is.
    if (first?.code === '1010' && matchedInside && !matchedInside.has(index)) first = hidden;
    return { row: row.row, status: outcome.status, leadId: outcome.id, reason: first };
  });
  const partitions =
    job.action === 'updateOnly'
      ? await updatedPartitions(deps, job, owner, answers, matchedPartitionIds)
      : undefined;
  deps.repo.transaction(() => {
    deps.repo.resume(job.id);
    recordChunkAnswer(deps, job, chunk, {
      answers,
      requestIds: traced.requestIds,
      // Rows held back by the screen, or too large to go, were answered here without reaching Marketo.
      sentRows: sends ? indexes.length : 0,
      ...(partitions === undefined ? {} : { partitions }),
    });
  });
  return { kind: 'answered' };
}

/**
 * The write screen of leads-write.ts for a user with limited grants: rows whose lookup value may match a lead
 * outside the grants are not sent. By row index within the chunk.
 */
async function screen(
  deps: ChunkSendDeps,
  job: RunJob,
  owner: UserRecord,
  rows: readonly ChunkRow[],
): Promise<{ blocked: Map<number, Reason>; matchedInside: Set<number>; matchedPartitionIds: Set<number> }> {
  const fields = await deps.catalog.fields();
  const blocked = new Map<number, Reason>();
  // Marketo's filter list cannot carry a comma; a value that cannot be looked up is not sent (fail closed).
  const checkable = rows.flatMap((row, index) => {
    const value = row.fields[job.lookupField];
    if (typeof value === 'string' && value.includes(',')) {
      blocked.set(index, NOT_CHECKABLE);
      return [];
    }
    return [index];
  });
  const body: ParsedLeadWriteRequest = {
    action: job.action,
    lookupField: job.lookupField,
    partitionName: job.partitionName,
    leads: checkable.map((index) => rows[index]!.fields),
  };
  const screened = await screenWrite(owner, deps.background, body, fields);
  const hidden = job.lookupField === 'id' ? LEAD_NOT_FOUND : NOT_ACCESSIBLE;
  const matchedInside = new Set<number>();
  checkable.forEach((rowIndex, position) => {
    if (screened.blocked.has(position)) blocked.set(rowIndex, hidden);
    if (screened.matchedInside.has(position)) matchedInside.add(rowIndex);
  });
  return { blocked, matchedInside, matchedPartitionIds: screened.matchedPartitionIds };
}

/**
 * Where the leads an updateOnly chunk touched live: Marketo ignores partitionName for updates, so they may be
 * anywhere, and the audit's readers are chosen by partition. Read back as the single-lead route does; if that
 * fails, the partitions the screen matched (a limited owner) or "unknown" (only admins then see the entry).
 */
async function updatedPartitions(
  deps: ChunkSendDeps,
  job: RunJob,
  owner: UserRecord,
  answers: readonly RowAnswer[],
  matchedPartitionIds: ReadonlySet<number>,
): Promise<string[]> {
  const leadIds = answers.flatMap((answer) => (answer.leadId === undefined ? [] : [answer.leadId]));
  if (leadIds.length === 0) return [job.partitionName];
  let partitions: MarketoPartition[] = [];
  try {
    partitions = await deps.catalog.partitions();
  } catch {
    // Without the list no id can be named: the fallback below stands.
  }
  const matched = partitions.flatMap((partition) =>
    matchedPartitionIds.has(partition.id) ? [partition.name] : [],
  );
  const fallback = owner.partitions === 'all' ? [UNKNOWN_PARTITION] : [job.partitionName, ...matched];
  if (partitions.length === 0) return fallback;
  return writtenPartitions(deps.background, partitions, leadIds, job.partitionName, fallback);
}
