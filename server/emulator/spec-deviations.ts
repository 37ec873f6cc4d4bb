// The one place that says where the emulator's wire format departs, on purpose, from Adobe's Swagger files.
// Each departure follows what Marketo really sends (docs/marketo-api.md §2, §9, usage docs); the conformance test applies
// these edits to the spec's definitions before validating, and proves that each one changes a verdict.

type JsonSchema = Record<string, unknown>;
export type Definitions = Record<string, JsonSchema>;

export interface SpecDeviation {
  id: string;
  /** What the spec says. */
  spec: string;
  /** What Marketo (and so the emulator) sends instead, with the evidence. */
  wire: string;
  /** Rewrites the spec's definitions so they describe the wire. */
  apply(definitions: Definitions): void;
  /** A body whose verdict the edit flips (wire-shaped bodies the spec rejects, or spec-shaped ones the wire never sends). */
  example: { definition: string; body: unknown };
}

const RESPONSE_DEFINITIONS = [
  'ResponseOfLead',
  'ResponseOfLeadPartition',
  'ResponseOfLeadAttribute',
  'ResponseOfLeadAttribute2',
  'ResponseOfUsageData',
  'ResponseOfActivityType',
  'ResponseOfVoid',
  'ResponseOfActivity',
  'ResponseOfImportLeadResponse',
  'ResponseOfExportResponse',
  'ResponseOfExportResponseWithToken',
];

function definition(definitions: Definitions, name: string): JsonSchema {
  const found = definitions[name];
  if (!found) throw new Error(`Swagger definition ${name} is missing`);
  return found;
}

function properties(schema: JsonSchema): Record<string, JsonSchema> {
  return schema.properties as Record<string, JsonSchema>;
}

export const SPEC_DEVIATIONS: readonly SpecDeviation[] = [
  {
    id: 'envelope-optional-keys',
    spec: '`ResponseOf*` require `errors`, `warnings` and `result` in every response.',
    wire:
      'Lead Database successes leave out `errors` and `warnings`; failures (`success:false`) have no `result` ' +
      '(recordings: grouparoo, node-marketo fixtures; docs/marketo-api.md §2).',
    apply(definitions) {
      for (const name of RESPONSE_DEFINITIONS)
        definition(definitions, name).required = ['requestId', 'success'];
    },
    example: {
      definition: 'ResponseOfLeadPartition',
      body: { requestId: 'e42b#14272d07d78', result: [{ id: 1, name: 'Default' }], success: true },
    },
  },
  {
    id: 'lead-reasons-array',
    spec: '`Lead.reason` is a single `Reason` object.',
    wire: 'Skipped records carry `reasons`, an array of `{code, message}` (Adobe error-codes docs; recordings).',
    apply(definitions) {
      const lead = definition(definitions, 'Lead');
      properties(lead).reasons = { type: 'array', minItems: 1, items: { $ref: '#/definitions/Reason' } };
      // The singular form must never appear, or clients written against the spec would be misled.
      lead.not = { required: ['reason'] };
    },
    example: {
      definition: 'Lead',
      body: { status: 'skipped', reason: { code: '1005', message: 'Lead already exists' } },
    },
  },
  {
    id: 'usage-date-only',
    spec: '`UsageData.date` has `format: date-time`.',
    wire: 'Usage responses carry a plain day, e.g. `"2015-10-17"` (Adobe usage docs sample).',
    apply(definitions) {
      properties(definition(definitions, 'UsageData')).date = { type: 'string', format: 'date' };
    },
    example: {
      definition: 'UsageData',
      body: { date: '2015-10-17', total: 1, users: [{ userId: 'a@b.c', count: 1 }] },
    },
  },
  {
    id: 'activity-attribute-scalar-values',
    spec: '`Attribute.value` has `type: object`.',
    wire:
      'Activity attributes carry plain strings and numbers, e.g. `{"name":"Client IP Address","value":"10.0.19.252"}` ' +
      'and `{"name":"Lead ID","value":775}` (Adobe activities docs samples; docs/marketo-api-additions.md §15.3).',
    apply(definitions) {
      properties(definition(definitions, 'Attribute')).value = { type: ['string', 'number', 'boolean'] };
    },
    example: { definition: 'Attribute', body: { name: 'Old Partition ID', value: 2 } },
  },
  {
    id: 'import-queued-without-counts',
    spec: '`ImportLeadResponse` requires `numOfLeadsProcessed`.',
    wire:
      'Import Leads answers a new batch with `{"batchId":3404,"importId":"3404","status":"Queued"}`, no counts ' +
      '(Adobe bulk-lead-import.md sample; docs/marketo-api-additions.md §16.1). Status responses carry them.',
    apply(definitions) {
      definition(definitions, 'ImportLeadResponse').required = ['batchId', 'status'];
    },
    example: {
      definition: 'ImportLeadResponse',
      body: { batchId: 3404, importId: '3404', status: 'Queued' },
    },
  },
];

export function applyDeviations(definitions: Definitions): Definitions {
  const copy = structuredClone(definitions);
  for (const deviation of SPEC_DEVIATIONS) deviation.apply(copy);
  return copy;
}
