// Settling a chunk marked `sending` whose answer was never stored: the proxy stopped while it was in flight, or
// its call failed in a way that may have reached Marketo's database. The chunk is not resent as it was; its rows
// are read back by their lookup values, every field they sent. A row is recorded as written only when Marketo
// holds every value it sent; any other row returns to `pending` and rides in a later chunk (README.md). Whether
// such a row was created or updated is not known, and is said so: status `written`.
import type { Catalog } from '../app-deps';
import { isGranted, partitionIdOf } from '../auth/access';
import type { Reason } from '../contract/leads';
import type { MarketoApi, MarketoLead } from '../marketo/types';
import { hiddenReason } from '../leads/write-reasons';
import { dataTypeOf, lookupKey, readLookupValue } from '../marketo/lookup-value';
import { UNKNOWN_PARTITION } from '../leads/written-partitions';
import type { ChunkRow, RowAnswer, RunJob, SendingChunk } from '../store/import-runs-repo';
import type { UserRecord } from '../store/users-repo';
import { recordChunkAnswer, type ChunkStoreDeps } from './chunk-answer';
import { holdsSentValues } from './sent-values';

const OTHER_PARTITION: Reason = { code: '1010', message: 'Partition update not allowed' };

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

/**
 * Settles one `sending` chunk by reading its rows back. Throws (leaving the chunk `sending`, to be tried again)
 * when Marketo or the catalog cannot be read.
 */
export async function reconcileChunk(
  deps: ReconcileDeps,
  sending: SendingChunk,
  cause: ReconcileCause,
): Promise<ReconcileResult> {
  const job = await deps.repo.job(sending.jobId);
  if (!job) return { answered: 0, released: 0 };
  const rows = await deps.repo.chunkRows(job.id, sending.chunk);
  const [partitions, fields] = await Promise.all([deps.catalog.partitions(), deps.catalog.fields()]);
  const dataType = dataTypeOf(job.lookupField, fields);
  const unconfirmed: Reason = {
    code: 'unconfirmed',
    message: `Not confirmed after ${cause === 'restart' ? 'a restart' : 'Marketo did not answer'}; check this lead`,
  };
  // The one form the chunk was sent in (server/marketo/lookup-value.ts); a value with none can be neither looked up
  // nor safely resent.
  const lookupValue = (row: ChunkRow) => {
    const reading = readLookupValue(row.fields[job.lookupField], dataType);
    return reading.kind === 'value' ? reading : undefined;
  };
  const values = [...new Set(rows.flatMap((row) => lookupValue(row)?.filter ?? []))];
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
  const cannotTell: Reason = {
    code: 'created_or_updated',
    message:
      cause === 'restart'
        ? "Created or updated: the console restarted before Marketo's answer was stored, so it cannot tell which"
        : "Created or updated: Marketo's answer was lost, so the console cannot tell which",
  };
  const owner = job.userId === null ? undefined : await deps.access.users.byId(job.userId);
  const settle: Settle = {
    action: job.action,
    partitionId: partitions.find((partition) => partition.name === job.partitionName)?.id,
    restricted: owner && owner.partitions !== 'all' ? owner : undefined,
    hidden: hiddenReason(job.lookupField),
    cannotTell,
    dataTypeOf: (field) => dataTypeOf(field, fields),
  };
  const answers: RowAnswer[] = [];
  const release: number[] = [];
  const writtenTo = new Set<number | undefined>();
  for (const row of rows) {
    const reading = lookupValue(row);
    if (reading === undefined) {
      answers.push({ row: row.row, status: 'failed', reason: unconfirmed });
      continue;
    }
    const matches = byKey.get(reading.key) ?? [];
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
  await recordChunkAnswer(deps, job, sending.chunk, {
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
  /** The reason of a row Marketo holds whose creation or update cannot be told apart. */
  cannotTell: Reason;
  dataTypeOf: (field: string) => string;
}

/**
 * What the one lead matching a row says about it: its answer, or `undefined` when the row may not have been
 * written and must be sent again. Written means Marketo holds every value the row sent: a lead touched lately
 * by someone else, or a chunk marked but never sent, leaves other values. A resent update changes nothing that
 * already landed.
 *
 * Created or updated? Only `createdAt` could tell, compared with when the chunk went out; but that instant is
 * ours and `createdAt` is Marketo's, two clocks whose difference nothing bounds (an allowance of a minute once
 * called a lead made 45 s before the chunk `created`). No lookup before the send is stored either. So a written
 * row is `written` with the reason saying so, except for updateOnly, which never creates. For createOnly,
 * `written` also covers a lead that already held the row's values (Marketo then skipped the row with 1005).
 */
function settleRow(settle: Settle, row: ChunkRow, lead: MarketoLead): RowAnswer | undefined {
  if (settle.partitionId === undefined) return undefined;
  const partitionId = partitionIdOf(lead.leadPartitionId);
  if (settle.restricted && (partitionId === undefined || !isGranted(settle.restricted, partitionId))) {
    return { row: row.row, status: 'skipped', reason: settle.hidden };
  }
  const written = holdsSentValues(row.fields, lead, settle.dataTypeOf);
  const cannotTell: RowAnswer = {
    row: row.row,
    status: 'written',
    leadId: lead.id,
    reason: settle.cannotTell,
  };
  if (settle.action === 'createOnly') return written ? cannotTell : undefined;
  // updateOnly reaches a lead in any partition (Marketo honours partitionName only when creating).
  if (settle.action !== 'updateOnly' && partitionId !== settle.partitionId) {
    return { row: row.row, status: 'skipped', reason: OTHER_PARTITION };
  }
  if (!written) return undefined;
  return settle.action === 'updateOnly' ? { row: row.row, status: 'updated', leadId: lead.id } : cannotTell;
}
