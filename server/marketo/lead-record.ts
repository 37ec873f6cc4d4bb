// A lead record from Marketo as the proxy's `MarketoLead`: `id` plus scalar field values.
import { MarketoUnavailableError } from './errors';
import type { MarketoLogger } from './request-runner';
import type { MarketoLead, MarketoValue } from './types';
import { LeadRecordSchema } from './wire';

/**
 * Checks that `record` has an integer `id` and keeps its scalar fields. A non-scalar value (never seen for leads)
 * is dropped with a warning rather than failing the whole read.
 */
export function toLead(record: unknown, logger?: MarketoLogger): MarketoLead {
  const parsed = LeadRecordSchema.safeParse(record);
  if (!parsed.success) {
    throw new MarketoUnavailableError('invalid_response', 'Marketo returned a lead without an id');
  }
  const lead: MarketoLead = { id: parsed.data.id };
  for (const [key, value] of Object.entries(parsed.data)) {
    if (key === 'id') continue;
    if (isScalar(value)) lead[key] = value;
    else logger?.warn({ field: key }, 'dropped a non-scalar lead field from Marketo');
  }
  return lead;
}

function isScalar(value: unknown): value is MarketoValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
