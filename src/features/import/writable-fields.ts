import type { Field } from '../../../server/contract/fields';

// The partition is chosen for the whole file; a column cannot move leads between partitions.
const notMappable = new Set(['leadPartitionId']);

/** The fields a column may fill. */
export function writableFields(fields: readonly Field[]): Field[] {
  return fields.filter((field) => !field.readOnly && !notMappable.has(field.name));
}
