import type { MessageId } from '../../i18n/message-ids';

/** The fields every lead row shows; anything else comes from "Add field". */
export const standardFields = [
  { name: 'email', label: 'field.email', dataType: 'email' },
  { name: 'firstName', label: 'field.firstName', dataType: 'string' },
  { name: 'lastName', label: 'field.lastName', dataType: 'string' },
  { name: 'title', label: 'field.title', dataType: 'string' },
  { name: 'company', label: 'field.company', dataType: 'string' },
  { name: 'phone', label: 'field.phone', dataType: 'phone' },
] as const satisfies readonly { name: string; label: MessageId; dataType: string }[];

export const standardFieldNames: readonly string[] = standardFields.map((field) => field.name);

/** Fields the form never offers: Marketo manages them, or the form has its own control for them. */
export const hiddenFieldNames = new Set(['id', 'leadPartitionId', 'createdAt', 'updatedAt']);
