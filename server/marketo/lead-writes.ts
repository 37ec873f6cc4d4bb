// Sync Leads (docs/marketo-api.md §5) and Update Lead Partition (§8) in Marketo-sized batches, with one outcome per input
// record in input order, and partial failures confined to the batch that failed.
import { runBatches, splitIntoBatches, type Batch } from './batching';
import { MarketoApiError, MarketoAuthError, MarketoError, MarketoQuotaError } from './errors';
import type { UpstreamRequest } from './http';
import { failureReason, recordResults, toMoveOutcome, toSyncOutcome } from './record-results';
import type { PartitionMove, PartitionMoveOutcome, SyncLeadOutcome, SyncLeadsRequest } from './types';
import type { Envelope } from './wire';

type Call = (request: UpstreamRequest) => Promise<Envelope>;
type LeadInput = SyncLeadsRequest['input'][number];

// After these, every later batch would fail the same way: mark them failed without spending calls.
const stopsAll = (error: unknown) => error instanceof MarketoQuotaError || error instanceof MarketoAuthError;

/**
 * Whether a sync may be resent after a failure that may have reached Marketo's database (604, 611, 5xx,
 * timeouts). Not createDuplicate: a resend would create the lead twice. Not createOnly either: if the first
 * send ran, its resend reports "skipped 1005 Lead already exists" for the lead it just created.
 */
function resendable(action: SyncLeadsRequest['action']): boolean {
  return action !== 'createDuplicate' && action !== 'createOnly';
}

function tooLarge(): MarketoApiError {
  return new MarketoApiError('413', 'Request Entity Too Large: this record alone exceeds 1 MB', undefined);
}

// A failed batch's error may still name Marketo's requestId; the audit trail wants it as much as a success's.
function requestIdOfError(error: unknown): string | undefined {
  if (!(error instanceof MarketoError)) return undefined;
  const { requestId } = error as { requestId?: unknown };
  return typeof requestId === 'string' && requestId !== '' ? requestId : undefined;
}

/**
 * Syncs `request.input` in batches of ≤300 records and ≤1 MB, one batch at a time. Outcomes are in input order;
 * a batch that fails finally yields `failed` outcomes carrying the error's code; if all fail, throws instead.
 * Each batch's requestId (when Marketo gave one) is appended to `requestIds`, in send order.
 */
export async function syncLeadsInBatches(
  call: Call,
  request: SyncLeadsRequest,
  requestIds: string[] = [],
): Promise<SyncLeadOutcome[]> {
  const { input, ...rest } = request;
  const overheadBytes = Buffer.byteLength(JSON.stringify({ ...rest, input: [] }), 'utf8');
  const send = async (batch: Batch<LeadInput>): Promise<SyncLeadOutcome[]> => {
    if (batch.oversized) throw tooLarge();
    const envelope = await call({
      method: 'POST',
      path: 'rest/v1/leads.json',
      json: { ...rest, input: batch.items },
      idempotent: resendable(request.action),
    });
    if (envelope.requestId) requestIds.push(envelope.requestId);
    return recordResults(envelope.result, batch.items.length, envelope.requestId).map(toSyncOutcome);
  };
  const failed = (_: LeadInput, error: unknown): SyncLeadOutcome => ({
    status: 'failed',
    reasons: [failureReason(error)],
  });
  return runBatches(splitIntoBatches(input, { overheadBytes }), traced(send, requestIds), failed, stopsAll);
}

/**
 * Moves leads in batches of ≤300, with the same ordering and partial-failure guarantees as syncs, and the same
 * `requestIds` collection.
 */
export async function moveLeadsInBatches(
  call: Call,
  moves: readonly PartitionMove[],
  requestIds: string[] = [],
): Promise<PartitionMoveOutcome[]> {
  const send = async (batch: Batch<PartitionMove>): Promise<PartitionMoveOutcome[]> => {
    if (batch.oversized) throw tooLarge();
    const input = batch.items.map(({ id, partitionName }) => ({ id, partitionName }));
    const envelope = await call({
      method: 'POST',
      path: 'rest/v1/leads/partitions.json',
      json: { input },
      // Setting a lead's partition twice leaves it where the first call put it.
      idempotent: true,
    });
    if (envelope.requestId) requestIds.push(envelope.requestId);
    const results = recordResults(envelope.result, batch.items.length, envelope.requestId);
    return batch.items.map((move, i) => toMoveOutcome(move, results[i]!, envelope.requestId));
  };
  const failed = (move: PartitionMove, error: unknown): PartitionMoveOutcome => ({
    id: move.id,
    status: 'failed',
    reasons: [failureReason(error)],
  });
  return runBatches(splitIntoBatches(moves), traced(send, requestIds), failed, stopsAll);
}

// Wraps a batch sender so a batch that fails with a requestId adds it too (a success adds its own in `send`).
function traced<T, O>(
  send: (batch: Batch<T>) => Promise<O[]>,
  requestIds: string[],
): (batch: Batch<T>) => Promise<O[]> {
  return async (batch) => {
    try {
      return await send(batch);
    } catch (error) {
      const requestId = requestIdOfError(error);
      if (requestId !== undefined && !requestIds.includes(requestId)) requestIds.push(requestId);
      throw error;
    }
  };
}
