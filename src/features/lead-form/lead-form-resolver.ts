import { toNestErrors } from '@hookform/resolvers';
import type { FieldErrors, Resolver } from 'react-hook-form';
import { LeadWriteRequestSchema } from '../../../server/contract/leads';
import type { LeadWriteRequest } from '../../../server/contract/leads';
import { toLeadWriteRequest } from './lead-form-values';
import type { LeadFormValues } from './lead-form-values';

/**
 * Validates with the proxy's own request schema, so the form and the server agree on every rule; the
 * contract's issue paths (`leads.1.email`) are the form's field names.
 */
export function leadFormResolver(
  dataTypes: ReadonlyMap<string, string>,
): Resolver<LeadFormValues, unknown, LeadWriteRequest> {
  return (values, _context, options) => {
    const { request, issues } = toLeadWriteRequest(values, dataTypes);
    const parsed = LeadWriteRequestSchema.safeParse(request);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ path: issue.path.map(String).join('.'), message: friendly(issue.message, values) });
      }
    }
    if (issues.length === 0) return { values: request, errors: {} };
    const flat: FieldErrors = {};
    for (const issue of issues) flat[issue.path] ??= { type: 'validate', message: issue.message };
    return { values: {}, errors: toNestErrors(flat, options) };
  };
}

// The contract words a missing key as "Needs a email"; a marketer reads it better like this.
function friendly(message: string, values: LeadFormValues): string {
  if (!message.startsWith('Needs a ')) return message;
  return values.lookupField === 'id' ? 'Enter the lead id' : 'Enter an email: it identifies the lead';
}
