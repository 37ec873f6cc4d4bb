// Checks on the lookup values of a write, before any Marketo call: what the write screen cannot tie back to a
// line safely is refused outright.
import type { ErrorDetail } from '../contract/errors';
import type { ParsedLeadWriteRequest } from '../contract/leads';
import { badRequest } from '../http/api-error';

/**
 * Throws 400, for every user, when a lead's lookup value contains a comma (Marketo's lookup list cannot carry
 * one, and the pre-check would fail), or when a lead carries an `id` but the write looks leads up by another field. Marketo would update
 * the lead with that id, wherever it lives, whatever the lookup field matched; refusing it is simpler and
 * safer than screening two lookups per line.
 */
export function checkLookupValues(request: ParsedLeadWriteRequest): void {
  const details: ErrorDetail[] = [];
  request.leads.forEach((lead, index) => {
    const value = lead[request.lookupField];
    // Marketo's filterValues list has no escaping: "a,b" would be looked up as two values.
    if (typeof value === 'string' && value.includes(',')) {
      details.push({
        path: `leads.${index}.${request.lookupField}`,
        message: `A ${request.lookupField} used for lookup cannot contain a comma`,
      });
    }
    if (request.lookupField !== 'id' && 'id' in lead) {
      details.push({
        path: `leads.${index}.id`,
        message: `Send an id only with lookupField 'id' (this write looks leads up by ${request.lookupField})`,
      });
    }
  });
  if (details.length > 0) throw badRequest('Some lookup values cannot be used.', details);
}
