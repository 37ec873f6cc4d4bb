// A write made ready to screen and send, before any Marketo call: every lookup value is put in the one form that
// both the screen's look-up and the sync carry (server/marketo/lookup-value.ts), and what cannot be put in one
// is refused with 400, for every user, on the lead's own path.
import type { ErrorDetail } from '../contract/errors';
import type { ParsedLeadWriteRequest } from '../contract/leads';
import { badRequest } from '../http/api-error';
import { canLookUpBy } from '../marketo/lookup-fields';
import { dataTypeOf, readLookupValue } from '../marketo/lookup-value';
import type { MarketoFieldDescription } from '../marketo/types';

/**
 * `request` with each lead's lookup value in its wire form ("+007" → 7 for a whole-number field). Throws 400 when
 * the lookup field is one Marketo cannot look leads up by, when a lead carries an `id` but is looked up by
 * another field (Marketo would update the lead with that id wherever it lives, whatever the lookup matched), or
 * when a lookup value could be read in two ways.
 */
export function prepareWrite(
  request: ParsedLeadWriteRequest,
  fields: readonly MarketoFieldDescription[],
): ParsedLeadWriteRequest {
  const field = request.lookupField;
  const dataType = dataTypeOf(field, fields);
  if (request.action !== 'createDuplicate' && !canLookUpBy(field, dataType)) {
    throw badRequest(
      'Marketo cannot look leads up by this field.',
      [
        {
          path: 'lookupField',
          message: `Marketo cannot look leads up by ${field}: choose email, or a custom text, email or whole-number field`,
        },
      ],
      { reason: 'lead_lookup_unsupported', params: { field } },
    );
  }
  const details: ErrorDetail[] = [];
  const leads = request.leads.map((lead, index) => {
    if (field !== 'id' && 'id' in lead) {
      details.push({
        path: `leads.${index}.id`,
        message: `Send an id only with lookupField 'id' (this write looks leads up by ${field})`,
      });
    }
    const reading = readLookupValue(lead[field], dataType);
    if (reading.kind === 'refused') {
      details.push({ path: `leads.${index}.${field}`, message: `A lookup value ${reading.why}` });
      return lead;
    }
    return reading.kind === 'value' ? { ...lead, [field]: reading.wire } : lead;
  });
  if (details.length > 0) {
    throw badRequest('Some lookup values cannot be used.', details, { reason: 'lead_lookup_values_invalid' });
  }
  return { ...request, leads };
}
