import type { z } from 'zod';
import { LeadIssueReasonSchema } from '../../../server/contract/leads';
import type { LeadIssueReason } from '../../../server/contract/leads';
import type { MessageId } from '../../i18n/message-ids';
import type { FormIssue, FormLookupField } from './lead-form-values';

// The contract's own rules by the code it gives each (`params.reason`); the ones the form's inputs cannot break
// (a field name, 500 fields, an id sent to create) read as the general one.
const REASON_WORDS: Record<LeadIssueReason, MessageId> = {
  not_field_name: 'validation.lead.invalid',
  no_fields: 'validation.lead.noFields',
  too_many_fields: 'validation.lead.invalid',
  id_lookup_needs_update: 'validation.lead.invalid',
  lookup_missing: 'validation.lead.emailRequired',
  id_only_to_update: 'validation.lead.invalid',
  bad_lead_id: 'validation.lead.badId',
  bad_email: 'validation.email.invalid',
};

/** A LeadWriteRequestSchema issue as the form shows it: by zod's code, or the contract's reason for its own. */
export function leadIssue(issue: z.core.$ZodIssue, lookupField: FormLookupField): FormIssue {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'too_big') return { path, messageId: 'validation.tooLong' };
  if (issue.code === 'invalid_format') return { path, messageId: 'validation.email.invalid' };
  const reason = LeadIssueReasonSchema.safeParse(issue.code === 'custom' ? issue.params?.reason : undefined);
  if (!reason.success) return { path, messageId: 'validation.lead.invalid' };
  if (reason.data === 'lookup_missing' && lookupField === 'id') {
    return { path, messageId: 'validation.lead.idRequired' };
  }
  return { path, messageId: REASON_WORDS[reason.data] };
}
