// Checks that need the cached catalogue (the contract already checked shapes). They run before any upstream
// call, so a typo in a partition or field name costs no Marketo call.
import type { ErrorDetail } from '../contract/errors';
import type { ParsedLeadWriteRequest } from '../contract/leads';
import type { MarketoFieldDescription, MarketoPartition } from '../marketo/types';
import { badRequest } from '../http/api-error';
import { partitionForbidden } from '../auth/access';

// Moving a lead is its own route (and Marketo's Update Lead Partition call); sync must not do it sideways.
const NOT_WRITABLE_BY_SYNC = new Set(['leadPartitionId']);

export function checkPartitionName(
  name: string,
  partitions: readonly MarketoPartition[],
  path = 'partitionName',
): void {
  if (partitions.some((partition) => partition.name === name)) return;
  const lower = name.toLowerCase();
  const near = partitions.find((partition) => partition.name.toLowerCase() === lower);
  const hint = near ? ` Did you mean '${near.name}'?` : '';
  throw badRequest('Unknown partition.', [{ path, message: `No partition is named '${name}'.${hint}` }], {
    reason: 'lead_unknown_partition',
    params: { partition: name },
  });
}

/**
 * The partition a write or move names, checked against the user's grants. A user granted `all` gets 400 (with a
 * hint) for an unknown name. Anyone else gets the same 403 for every name they are not granted, existing or
 * not, so names outside the grants cannot be probed; only a different-case spelling of a granted name gets the
 * 400 with its hint (it reveals nothing the user cannot already see).
 */
export function checkGrantedPartitionName(
  name: string,
  partitions: readonly MarketoPartition[],
  granted: readonly MarketoPartition[],
  seesAll: boolean,
  path = 'partitionName',
): MarketoPartition {
  if (seesAll) {
    checkPartitionName(name, partitions, path);
  } else if (!granted.some((partition) => partition.name === name)) {
    const lower = name.toLowerCase();
    if (!granted.some((partition) => partition.name.toLowerCase() === lower)) throw partitionForbidden();
    checkPartitionName(name, granted, path);
  }
  const found = partitions.find((partition) => partition.name === name);
  if (!found) throw partitionForbidden();
  return found;
}

export function checkLeadFields(
  request: ParsedLeadWriteRequest,
  fields: readonly MarketoFieldDescription[],
): void {
  const known = new Map<string, boolean>();
  for (const field of fields) if (field.rest) known.set(field.rest.name, field.rest.readOnly);
  const details: ErrorDetail[] = [];
  if (!known.has(request.lookupField)) {
    details.push({
      path: 'lookupField',
      message: `Unknown field '${request.lookupField}'`,
      reason: 'field_unknown',
      params: { field: request.lookupField },
    });
  }
  request.leads.forEach((lead, index) => {
    for (const name of Object.keys(lead)) {
      const readOnly = known.get(name);
      const path = `leads.${index}.${name}`;
      // `id` is read-only in Marketo's sense but is how updateOnly names its lead; the contract guards it.
      const params = { field: name };
      if (readOnly === undefined) {
        details.push({ path, message: `Unknown field '${name}'`, reason: 'field_unknown', params });
      } else if (NOT_WRITABLE_BY_SYNC.has(name)) {
        details.push({
          path,
          message: `'${name}' cannot be written here; move leads with /api/leads/partition`,
          reason: 'field_written_by_move',
          params,
        });
      } else if (readOnly && name !== 'id') {
        details.push({ path, message: `Field '${name}' is read-only`, reason: 'field_read_only', params });
      }
    }
  });
  if (details.length > 0) {
    throw badRequest('Some fields cannot be written.', details, { reason: 'lead_fields_not_writable' });
  }
}
