import type { Control } from 'react-hook-form';
import type { Lead, LeadFields, LeadWriteRequest } from '../../../server/contract/leads';
import type { MessageId } from '../../i18n/message-ids';
import { hiddenFieldNames, standardFieldNames } from './standard-fields';

export type FormAction = 'createOrUpdate' | 'createOnly' | 'updateOnly';
export type FormLookupField = 'email' | 'id';
/** Every input holds text; types are applied when the request is built. */
export type LeadRowValues = Record<string, string>;

export type LeadFormValues = {
  partitionName: string;
  action: FormAction;
  lookupField: FormLookupField;
  /** Fields added with "Add field", shown on every lead row. */
  extraFields: string[];
  leads: LeadRowValues[];
};

/** The form's control: inputs hold LeadFormValues, submit receives the proxy's request. */
export type LeadFormControl = Control<LeadFormValues, unknown, LeadWriteRequest>;

/** A problem with one input, as the id of its message: worded when shown, in the language of the moment. */
export type FormIssue = { path: string; messageId: MessageId };

export function emptyLead(): LeadRowValues {
  return {};
}

export function createDefaults(partitionName = ''): LeadFormValues {
  return {
    partitionName,
    action: 'createOrUpdate',
    lookupField: 'email',
    extraFields: [],
    leads: [emptyLead()],
  };
}

/** Edit mode: update one lead by id, prefilled with what Marketo holds now. */
export function updateDefaults(lead: Lead): LeadFormValues {
  const row: LeadRowValues = { id: String(lead.id) };
  const extraFields: string[] = [];
  for (const [name, value] of Object.entries(lead.fields)) {
    if (value === null || value === '' || hiddenFieldNames.has(name)) continue;
    row[name] = String(value);
    if (!standardFieldNames.includes(name)) extraFields.push(name);
  }
  // Shown, not sent: Marketo keeps a lead in its partition on update, but the form should say which one it is.
  const partitionName = lead.partition.name ?? '';
  return { partitionName, action: 'updateOnly', lookupField: 'id', extraFields, leads: [row] };
}

function convert(raw: string, dataType: string): { value: LeadFields[string] } | { messageId: MessageId } {
  switch (dataType) {
    case 'integer':
      return /^-?\d+$/.test(raw) ? { value: Number(raw) } : { messageId: 'validation.wholeNumber' };
    case 'float':
    case 'currency':
    case 'percent':
      return Number.isFinite(Number(raw)) ? { value: Number(raw) } : { messageId: 'validation.number' };
    case 'boolean':
      return { value: raw === 'true' };
    case 'datetime': {
      const date = new Date(raw);
      return Number.isNaN(date.getTime())
        ? { messageId: 'validation.dateTime' }
        : { value: date.toISOString() };
    }
    default:
      return { value: raw };
  }
}

/**
 * Turns form text into the proxy's request. Empty inputs are left out (a create has nothing to clear; an update
 * clears only in onlyChanged, which knows what was prefilled); values that cannot take their field's type become
 * issues on that input.
 */
export function toLeadWriteRequest(
  values: LeadFormValues,
  dataTypes: ReadonlyMap<string, string>,
): { request: LeadWriteRequest; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  const names = [
    ...(values.lookupField === 'id' ? ['id'] : []),
    ...standardFieldNames,
    ...values.extraFields,
  ];
  const leads = values.leads.map((row, index) => {
    const lead: LeadFields = {};
    for (const name of names) {
      const raw = (row[name] ?? '').trim();
      if (raw === '') continue;
      const converted = convert(raw, name === 'id' ? 'integer' : (dataTypes.get(name) ?? 'string'));
      if ('messageId' in converted) {
        issues.push({ path: `leads.${index}.${name}`, messageId: converted.messageId });
      } else lead[name] = converted.value;
    }
    return lead;
  });
  const creates = values.action !== 'updateOnly';
  if (creates && values.partitionName === '') {
    issues.push({ path: 'partitionName', messageId: 'validation.partition.required' });
  }
  const request: LeadWriteRequest = {
    action: values.action,
    lookupField: values.lookupField,
    leads,
    // Marketo honours a partition only when it creates a lead.
    ...(creates && values.partitionName !== '' && { partitionName: values.partitionName }),
  };
  return { request, issues };
}

/**
 * For updates, keeps only what the user changed (plus the lookup key), so an edit never rewrites fields someone
 * else changed meanwhile, nor fields Marketo refuses to take through this call (company fields: 1021).
 * A prefilled input the user emptied is sent as `null`, since Marketo clears a field only on `null`.
 */
// Only inputs still on screen: a value the form merely holds was not emptied by the user.
function shownFieldNames(values: LeadFormValues): string[] {
  return [...standardFieldNames, ...values.extraFields];
}

export function onlyChanged(
  request: LeadWriteRequest,
  current: LeadFormValues,
  initial: LeadFormValues,
): LeadWriteRequest {
  if (request.action !== 'updateOnly') return request;
  const key = request.lookupField ?? 'email';
  const leads = request.leads.map((lead, index) => {
    const before = initial.leads[index];
    const now = current.leads[index];
    if (!before || !now) return lead;
    const changed: LeadFields = Object.fromEntries(
      Object.entries(lead).filter(([name]) => name === key || (now[name] ?? '') !== (before[name] ?? '')),
    );
    for (const name of shownFieldNames(current)) {
      if (name !== key && (before[name] ?? '') !== '' && (now[name] ?? '').trim() === '')
        changed[name] = null;
    }
    return changed;
  });
  return { ...request, leads };
}
