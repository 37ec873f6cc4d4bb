// `GET /rest/v1/leads/describe.json` and `describe2.json` (docs/marketo-api.md §9), both built from the field catalogue.
import { FIELDS, type FieldDef } from '../fields';
import type { RestRequest, RestResult } from '../rest-request';

function describeOne(field: FieldDef): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    id: field.id,
    displayName: field.displayName,
    dataType: field.dataType,
  };
  if (field.length !== undefined) entry.length = field.length;
  entry.rest = { name: field.name, readOnly: field.readOnly ?? false };
  if (field.soapName) entry.soap = { name: field.soapName, readOnly: field.readOnly ?? false };
  return entry;
}

export function describeLeads(_req: RestRequest): RestResult {
  return { result: FIELDS.map(describeOne) };
}

export function describeLeads2(_req: RestRequest): RestResult {
  const fields = FIELDS.map((field) => ({
    name: field.name,
    displayName: field.displayName,
    dataType: field.dataType,
    ...(field.length !== undefined ? { length: field.length } : {}),
    updateable: !field.readOnly && field.name !== 'id',
    crmManaged: false,
  }));
  const searchableFields = FIELDS.filter((field) => field.searchable).map((field) => [field.name]);
  return { result: [{ name: 'API Lead', searchableFields, fields }] };
}
