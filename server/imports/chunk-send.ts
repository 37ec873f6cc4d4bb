// Sending one claimed chunk and storing Marketo's answer: for an owner with limited grants the rows are screened
// first as interactive writes are, a row too large to go alone is answered without a call, and the answer of
// every row, the job's counters and the audit entry land in one transaction. A failure is handed back to the
// runner, which decides whether the rows wait, the job stops, or the chunk is confirmed by lookup.
import type { FastifyBaseLogger } from 'fastify';
import type { Catalog } from '../app-deps';
import { seesAllPartitions } from '../auth/access';
import type { ParsedLeadWriteRequest, Reason } from '../contract/leads';
import { splitIntoBatches } from '../marketo/batching';
import type { MarketoApi, MarketoPartition, SyncLeadOutcome, TracedOutcomes } from '../marketo/types';
import { hiddenReason, NO_ANSWER, withoutPartitionNames } from '../leads/write-reasons';
import { reportStrayLeads, unexpectedLeads, type UnexpectedLeads } from '../leads/out-of-grants';
import { emptyScreen, heldBackReason, screenWrite, type WriteScreen } from '../leads/write-screen';
import { UNKNOWN_PARTITION, writtenPartitions } from '../leads/written-partitions';
import { dataTypeOf, readLookupValue } from '../marketo/lookup-value';
import type { ChunkRow, RowAnswer, RunJob } from '../store/import-runs-repo';
import type { UserRecord } from '../store/users-repo';
import { recordChunkAnswer, type ChunkStoreDeps } from './chunk-answer';

export interface ChunkSendDeps extends ChunkStoreDeps {
  marketo: MarketoApi;
  /** The same client with its lookups in the background lane. */
  background: MarketoApi;
  catalog: Catalog;
  /** For what cannot be thrown once Marketo has answered (a security event that could not be recorded). */
  log: FastifyBaseLogger;
}

/** How a chunk went: answered and stored, or not sent because the screen or the sync call failed. */
export type ChunkSent =
  { kind: 'answered' } | { kind: 'screen-failed'; error: unknown } | { kind: 'call-failed'; error: unknown };

const TOO_LARGE: Reason = {
  code: '413',
  message: "This row alone is larger than Marketo's 1 MB request limit",
};
const NOT_CHECKABLE: Reason = {
  code: 'not_checked',
  message: 'The lookup value cannot be checked against your partitions in the form it was given',
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
  let screened: WriteScreen = emptyScreen();
  try {
    if (!seesAllPartitions(owner)) ({ blocked, screened } = await screen(deps, job, owner, rows));
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
  const hidden = hiddenReason(job.lookupField);
  const outcomes = new Map(indexes.map((index, position) => [index, traced.outcomes[position]]));
  const unexpected = await unexpectedLeads(owner, deps.background, traced.outcomes, screened);
  const answers = rows.map((row, index): RowAnswer => {
    const reason = blocked.get(index);
    if (reason) return { row: row.row, status: 'skipped', reason };
    if (oversized) return { row: row.row, status: 'failed', reason: TOO_LARGE };
    const outcome = outcomes.get(index);
    if (!outcome) return { row: row.row, status: 'failed', reason: NO_ANSWER };
    // A lead outside the grants reached despite the screen: answered as out of reach, its id never shown.
    if (outcome.id !== undefined && unexpected.stray.has(outcome.id)) {
      return { row: row.row, status: 'skipped', reason: hidden };
    }
    // As for interactive writes: a partition code about a lead not placed inside the grants must not hint where.
    const placed = seesAllPartitions(owner) || screened.matchedInside.has(index);
    const first = (placed ? outcome.reasons : withoutPartitionNames(outcome.reasons, hidden))?.[0];
    return { row: row.row, status: outcome.status, leadId: outcome.id, reason: first };
  });
  const partitions =
    job.action === 'updateOnly'
      ? await updatedPartitions(deps, job, owner, answers, screened, unexpected)
      : undefined;
  if (unexpected.stray.size > 0) {
    const names = await deps.catalog.partitions().catch(() => []);
    await reportStrayLeads(
      { audit: deps.access.audit, log: deps.log },
      owner,
      names,
      unexpected.stray,
      `Import job ${job.id}`,
    );
  }
  await deps.repo.transaction(async () => {
    await deps.repo.resume(job.id);
    await recordChunkAnswer(deps, job, chunk, {
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
 * The interactive writes' screen (server/leads/write-screen.ts) for an owner with limited grants: rows whose
 * lookup value may match a lead outside the grants are not sent, nor rows whose value has no single wire form.
 * By row index within the chunk.
 */
async function screen(
  deps: ChunkSendDeps,
  job: RunJob,
  owner: UserRecord,
  rows: readonly ChunkRow[],
): Promise<{ blocked: Map<number, Reason>; screened: WriteScreen }> {
  const fields = await deps.catalog.fields();
  const dataType = dataTypeOf(job.lookupField, fields);
  const body: ParsedLeadWriteRequest = {
    action: job.action,
    lookupField: job.lookupField,
    partitionName: job.partitionName,
    leads: rows.map((row) => row.fields),
  };
  const screened = await screenWrite(owner, deps.background, body, fields);
  const hidden = hiddenReason(job.lookupField);
  const blocked = new Map<number, Reason>();
  rows.forEach((row, index) => {
    const reason = heldBackReason(screened, job.action, index, hidden);
    // Rows are checked into one wire form when the file is; a value stored otherwise cannot be screened.
    const unreadable = readLookupValue(row.fields[job.lookupField], dataType).kind === 'refused';
    if (reason) blocked.set(index, unreadable ? NOT_CHECKABLE : reason);
  });
  return { blocked, screened };
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
  screened: WriteScreen,
  unexpected: UnexpectedLeads,
): Promise<string[]> {
  const matchedPartitionIds = new Set([...screened.insideLeads.values(), ...unexpected.placed.values()]);
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
