import type { Field } from '../../../server/contract/fields';
import { headerKey } from './header-key';
import type { RememberedMapping } from './remembered-mapping';
import { suggestMapping } from './suggest-mapping';

const SHOWN_COLUMNS = 4;

/**
 * The column the job matched leads by. A job does not carry its mapping, so it is found as the import page would
 * have mapped it: the choices remembered in this browser first, then the field's REST name, display name or
 * usual other words in the header. `fields` may be empty while they load; the REST name still matches.
 */
export function lookupColumn(
  columns: readonly string[],
  lookupField: string,
  fields: readonly Field[],
  remembered: RememberedMapping,
): number | undefined {
  const known = fields.some((field) => field.name === lookupField);
  const candidates: Field[] = known
    ? [...fields]
    : [...fields, { name: lookupField, displayName: lookupField, dataType: 'string', readOnly: false }];
  const index = suggestMapping(columns, candidates, remembered).indexOf(lookupField);
  return index === -1 ? undefined : index;
}

/**
 * Which input columns the results table shows: the email column first (it names the lead), then the lookup
 * column wherever it sits in the file, then the next few in file order.
 */
export function resultColumns(columns: readonly string[], lookup?: number): number[] {
  const indexes = columns.map((_column, index) => index);
  const email = indexes.find((index) => headerKey(columns[index] ?? '').includes('mail'));
  const pinned = [...new Set([email, lookup])].filter((index) => index !== undefined);
  const rest = indexes.filter((index) => !pinned.includes(index));
  return [...pinned, ...rest].slice(0, Math.max(SHOWN_COLUMNS, pinned.length));
}
