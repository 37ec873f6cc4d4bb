import type { Lead } from '../contract/leads';
import type { MarketoLead, MarketoPartition } from '../marketo/types';

/**
 * Fields a lead page gets when the caller names none: Marketo's own default set plus the standard fields the
 * console's lead form edits (title, company, phone), so opening a lead stays one upstream call.
 */
export const DEFAULT_LEAD_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'title',
  'company',
  'phone',
  'createdAt',
  'updatedAt',
] as const;

/** The fields to ask Marketo for: the caller's (or the default set), always with `leadPartitionId`. */
export function fieldsToRequest(fieldsParam: string | undefined): {
  requested: string[];
  upstream: string[];
} {
  const requested = fieldsParam ? [...new Set(fieldsParam.split(','))] : [...DEFAULT_LEAD_FIELDS];
  const upstream = requested.includes('leadPartitionId') ? requested : [...requested, 'leadPartitionId'];
  return { requested, upstream };
}

/**
 * Shapes one Marketo lead for the browser: only the fields that were asked for (so nothing else Marketo sends
 * leaks through), and the partition resolved by id through the cached list.
 */
export function toLead(
  lead: MarketoLead,
  requested: readonly string[],
  partitions: readonly MarketoPartition[],
): Lead {
  const partitionId =
    typeof lead.leadPartitionId === 'number' ? lead.leadPartitionId : Number(lead.leadPartitionId);
  const fields: Lead['fields'] = {};
  for (const name of requested) {
    if (name === 'id') continue;
    const value = Object.hasOwn(lead, name) ? lead[name] : null;
    fields[name] = value === undefined ? null : value;
  }
  return {
    id: lead.id,
    partition: {
      id: Number.isInteger(partitionId) ? partitionId : 0,
      name: partitions.find((partition) => partition.id === partitionId)?.name ?? null,
    },
    fields,
  };
}
