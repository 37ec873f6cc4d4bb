// How a stored lead is read back (docs/marketo-api.md §6): `id` first, then each requested field; empty fields are an
// explicit `null`, unset booleans `false`; `leadPartitionId`, `createdAt` and `updatedAt` come from the row.
import { MarketoApiError } from './envelope';
import { DEFAULT_READ_FIELDS, type FieldDef, findField } from './fields';
import type { LeadRow, LeadValue } from './store/db';

/** The fields a read returns; an unknown name is a response-level 1006 (placement unconfirmed, docs/marketo-api.md §14.6). */
export function readFields(requested: readonly string[] | undefined): FieldDef[] {
  const names = requested && requested.length > 0 ? requested : DEFAULT_READ_FIELDS;
  const fields: FieldDef[] = [];
  for (const name of names) {
    const field = findField(name);
    if (!field) throw new MarketoApiError('1006', `Field '${name}' not found`);
    if (!fields.includes(field)) fields.push(field);
  }
  return fields;
}

export function fieldValue(row: LeadRow, field: FieldDef): LeadValue {
  switch (field.name) {
    case 'id':
      return row.id;
    case 'leadPartitionId':
      return row.partitionId;
    case 'createdAt':
      return row.createdAt;
    case 'updatedAt':
      return row.updatedAt;
    default: {
      const value = row.fields[field.name];
      if (value !== undefined && value !== null) return value;
      return field.dataType === 'boolean' ? false : null;
    }
  }
}

export function leadView(row: LeadRow, fields: readonly FieldDef[]): Record<string, LeadValue> {
  const view: Record<string, LeadValue> = { id: row.id };
  for (const field of fields) view[field.name] = fieldValue(row, field);
  return view;
}
