// The activity types the emulator records (docs/marketo-api-additions.md §15.1), as Get Activity Types describes them. Their ids
// are switches: 12 and 100 come from widely used clients, not from Adobe, and a client must look them up by name.
import type { EmulatorConfig } from './config';
import type { ActivityKind } from './store/activity-log';

interface TypeAttribute {
  name: string;
  dataType: string;
}

interface ActivityTypeDef {
  kind: ActivityKind;
  name: string;
  description: string;
  primaryAttribute: TypeAttribute;
  attributes: TypeAttribute[];
}

const DEFINITIONS: readonly ActivityTypeDef[] = [
  {
    kind: 'newLead',
    name: 'New Lead',
    description: 'New lead was created',
    primaryAttribute: { name: 'Lead ID', dataType: 'integer' },
    attributes: [{ name: 'Source Type', dataType: 'string' }],
  },
  {
    kind: 'changeLeadPartition',
    name: 'Change Lead Partition',
    description: 'Changed the lead partition of a lead',
    primaryAttribute: { name: 'New Partition ID', dataType: 'integer' },
    attributes: [
      { name: 'Old Partition ID', dataType: 'integer' },
      { name: 'Old Partition Name', dataType: 'string' },
      { name: 'New Partition Name', dataType: 'string' },
      { name: 'Source Type', dataType: 'string' },
    ],
  },
];

export function activityTypeId(config: EmulatorConfig, kind: ActivityKind): number {
  return kind === 'newLead' ? config.newLeadActivityTypeId : config.changeLeadPartitionActivityTypeId;
}

/** The `result` of Get Activity Types, ordered by id as Marketo lists them. */
export function activityTypes(config: EmulatorConfig): object[] {
  return DEFINITIONS.map(({ kind, ...type }) => ({ id: activityTypeId(config, kind), ...type })).sort(
    (a, b) => a.id - b.id,
  );
}

/** The kinds an `activityTypeIds` list names; ids of types the emulator does not record name none. */
export function kindsOf(config: EmulatorConfig, ids: readonly number[]): ActivityKind[] {
  return DEFINITIONS.map((d) => d.kind).filter((kind) => ids.includes(activityTypeId(config, kind)));
}
