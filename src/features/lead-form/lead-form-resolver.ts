import { toNestErrors } from '@hookform/resolvers';
import type { FieldErrors, Resolver } from 'react-hook-form';
import { LeadWriteRequestSchema } from '../../../server/contract/leads';
import type { LeadWriteRequest } from '../../../server/contract/leads';
import { WORDED_BY_ID } from '../../i18n/validation-words';
import { leadIssue } from './lead-issue-words';
import { toLeadWriteRequest } from './lead-form-values';
import type { LeadFormValues } from './lead-form-values';

/**
 * Validates with the proxy's own request schema, so the form and the server agree on every rule; the
 * contract's issue paths (`leads.1.email`) are the form's field names, and its messages are worded here by code.
 */
export function leadFormResolver(
  dataTypes: ReadonlyMap<string, string>,
): Resolver<LeadFormValues, unknown, LeadWriteRequest> {
  return (values, _context, options) => {
    const { request, issues } = toLeadWriteRequest(values, dataTypes);
    const parsed = LeadWriteRequestSchema.safeParse(request);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push(leadIssue(issue, values.lookupField));
    }
    if (issues.length === 0) return { values: request, errors: {} };
    const flat: FieldErrors = {};
    // The message id travels as the error's message, worded where it is shown (validationMessage).
    for (const issue of issues) flat[issue.path] ??= { type: WORDED_BY_ID, message: issue.messageId };
    return { values: {}, errors: toNestErrors(flat, options) };
  };
}
