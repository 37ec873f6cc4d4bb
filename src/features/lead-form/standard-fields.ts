/** The fields every lead row shows; anything else comes from "Add field". */
export const standardFields = [
  { name: 'email', label: 'Email', dataType: 'email' },
  { name: 'firstName', label: 'First name', dataType: 'string' },
  { name: 'lastName', label: 'Last name', dataType: 'string' },
  { name: 'title', label: 'Title', dataType: 'string' },
  { name: 'company', label: 'Company', dataType: 'string' },
  { name: 'phone', label: 'Phone', dataType: 'phone' },
] as const;

export const standardFieldNames: readonly string[] = standardFields.map((field) => field.name);

/** Fields the form never offers: Marketo manages them, or the form has its own control for them. */
export const hiddenFieldNames = new Set(['id', 'leadPartitionId', 'createdAt', 'updatedAt']);
