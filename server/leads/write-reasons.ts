// The reasons the console itself gives in a write's answer. About a lead out of reach they are free of partition
// names and ids: a write by a lookup field cannot hide that the key exists somewhere (Marketo matches keys across
// the instance), but it never says where.
import type { Reason } from '../contract/leads';

/** Marketo's answer held no outcome for this lead (never silent: the lead is reported failed). */
export const NO_ANSWER: Reason = { code: 'no_result', message: 'Marketo returned no result for this lead' };

/** A lead matched by a lookup field lives in a partition the user cannot access. */
export const NOT_ACCESSIBLE: Reason = {
  code: '1010',
  message: 'This lead exists in a partition you cannot access',
};

/** Exactly Marketo's answer for an unknown lead, so a lead out of reach by id cannot be told from a missing one. */
export const LEAD_NOT_FOUND: Reason = { code: '1004', message: 'Lead not found' };

/** By id, a lead out of reach answers exactly like a missing one; by other fields, "cannot access". */
export function hiddenReason(lookupField: string): Reason {
  return lookupField === 'id' ? LEAD_NOT_FOUND : NOT_ACCESSIBLE;
}

// Marketo's partition codes name the partition ("Access denied to partition 'Canada'"): 1008 and 1010.
const PARTITION_CODES = new Set(['1008', '1010']);

/** `reasons` with any partition code replaced by `hidden`, for a line not placed inside the grants. */
export function withoutPartitionNames(
  reasons: readonly Reason[] | undefined,
  hidden: Reason,
): Reason[] | undefined {
  return reasons?.map((reason) => (PARTITION_CODES.has(reason.code) ? hidden : reason));
}
