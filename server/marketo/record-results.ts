// Turning Marketo's per-record write results into the proxy's outcomes, by position, and refusing to guess
// when the count (or a returned id) does not match what was sent.
import { z } from 'zod';
import { MarketoUnavailableError, reasonCodeOf } from './errors';
import type { MarketoReason, PartitionMove, PartitionMoveOutcome, SyncLeadOutcome } from './types';
import { RecordResultSchema, type RecordResult } from './wire';

/**
 * Parses a write's `result` and checks it has exactly `expected` elements; otherwise throws (the caller then
 * marks the whole batch failed rather than assign a result to the wrong record).
 */
export function recordResults(
  result: unknown[] | undefined,
  expected: number,
  requestId?: string,
): RecordResult[] {
  const parsed = z.array(RecordResultSchema).safeParse(result ?? []);
  if (!parsed.success || parsed.data.length !== expected) {
    const got = parsed.success ? `${parsed.data.length} results` : 'malformed results';
    throw new MarketoUnavailableError(
      'invalid_response',
      `Marketo answered a batch of ${expected} with ${got}`,
      requestId,
    );
  }
  return parsed.data;
}

/** A sync result as a `SyncLeadOutcome`; any status other than created/updated/skipped counts as failed. */
export function toSyncOutcome(result: RecordResult): SyncLeadOutcome {
  const reasons = result.reasons;
  switch (result.status) {
    case 'created':
    case 'updated':
      return withOptional({ status: result.status }, result.id, reasons);
    case 'skipped':
      return withOptional({ status: 'skipped' }, result.id, reasons);
    default:
      return withOptional(
        { status: 'failed' },
        result.id,
        reasons ?? [{ code: 'invalid_response', message: `Unexpected status '${result.status}'` }],
      );
  }
}

/**
 * A partition-move result for `move`. A result naming a different id than the one sent at that position
 * means the order cannot be trusted: throws so the batch is marked failed.
 */
export function toMoveOutcome(
  move: PartitionMove,
  result: RecordResult,
  requestId?: string,
): PartitionMoveOutcome {
  if (result.id !== undefined && result.id !== move.id) {
    throw new MarketoUnavailableError(
      'invalid_response',
      'Marketo answered a partition move out of order',
      requestId,
    );
  }
  const status = result.status === 'updated' || result.status === 'skipped' ? result.status : 'failed';
  const reasons =
    result.reasons ??
    (status === 'failed'
      ? [{ code: 'invalid_response', message: `Unexpected status '${result.status}'` }]
      : undefined);
  return reasons ? { id: move.id, status, reasons } : { id: move.id, status };
}

/** The reason recorded for records whose batch failed finally. */
export function failureReason(error: unknown): MarketoReason {
  return { code: reasonCodeOf(error), message: error instanceof Error ? error.message : 'Unknown failure' };
}

function withOptional(
  outcome: SyncLeadOutcome,
  id: number | undefined,
  reasons: MarketoReason[] | undefined,
): SyncLeadOutcome {
  if (id !== undefined) outcome.id = id;
  if (reasons !== undefined) outcome.reasons = reasons;
  return outcome;
}
