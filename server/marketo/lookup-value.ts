// How a lookup value reaches Marketo, decided in one place for the write screen and the write itself. Marketo's
// lookup is instance-wide (docs/marketo-api.md §5.3), so the proxy looks up the values a write will match before
// it sends them; that is safe only if the filter call and the sync call carry the very same value. `readLookupValue`
// gives both of them that one wire form, and refuses what Marketo might read in two ways (padding, invisible or
// control characters, numbers written in forms its two endpoints parse differently).
import type { MarketoFieldDescription, MarketoValue } from './types';

/** Data types Marketo compares as numbers: a lookup by one of them matches 1 whether it was sent as 1 or "01". */
const WHOLE_NUMBER_TYPES = new Set(['integer', 'reference']);
const ASCII_WHOLE_NUMBER = /^[+-]?[0-9]+$/;
// Spaces of every kind (JS's \s covers Unicode's White_Space), plus the invisible format characters that a
// collation may drop: zero-width space/joiners, word joiner, BOM, soft hyphen.
const EDGE_PADDING = /^[\s\u200b-\u200d\u2060\ufeff\u00ad]|[\s\u200b-\u200d\u2060\ufeff\u00ad]$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type LookupReading =
  | { kind: 'absent' }
  | {
      kind: 'value';
      /** What the sync sends as the lookup field's value. */
      wire: string | number;
      /** The same value as Get Leads by Filter Type's `filterValues` carries it. */
      filter: string;
      /** Ties a lead Marketo returns back to this value (see `lookupKey`). */
      key: string;
    }
  /** `why` completes "A lookup value …", e.g. "cannot contain a comma". */
  | { kind: 'refused'; why: string };

/** The data type of `field` in the cached field list; `id` is an integer, an unknown field a string. */
export function dataTypeOf(field: string, fields: readonly MarketoFieldDescription[]): string {
  if (field === 'id') return 'integer';
  return fields.find((description) => description.rest?.name === field)?.dataType ?? 'string';
}

/**
 * The one form in which `value` is looked up and sent, or why it cannot be: a whole number becomes its plain
 * decimal form ("+007" → 7), text is sent exactly as given once nothing about it is ambiguous.
 */
export function readLookupValue(value: MarketoValue | undefined, dataType: string): LookupReading {
  if (value === undefined || value === null || value === '') return { kind: 'absent' };
  if (typeof value === 'boolean') return refused('cannot be true or false');
  if (WHOLE_NUMBER_TYPES.has(dataType)) return wholeNumber(value);
  const text = typeof value === 'number' ? numberText(value) : value;
  if (text === undefined) return refused('must be a finite number or text');
  if (EDGE_PADDING.test(text)) return refused('cannot start or end with a space or an invisible character');
  if (CONTROL.test(text)) return refused('cannot contain control characters');
  if (LONE_SURROGATE.test(text)) return refused('is not valid Unicode text');
  // Marketo's filterValues list has no escaping: "a,b" would be looked up as two values.
  if (text.includes(',')) return refused('cannot contain a comma');
  return { kind: 'value', wire: text, filter: text, key: textKey(text) };
}

/**
 * A comparison key for a value Marketo returned, matching `readLookupValue(...).key` whenever Marketo could
 * have matched the two: numbers by value; text ignoring case, compatibility forms and edge padding, which is
 * wider than any collation Marketo might use, so a tie it makes can only hold more lines back.
 */
export function lookupKey(value: MarketoValue | undefined, dataType: string): string | undefined {
  if (value === undefined || value === null || typeof value === 'boolean') return undefined;
  if (WHOLE_NUMBER_TYPES.has(dataType)) {
    const number = typeof value === 'number' ? value : Number(String(value).trim());
    return Number.isSafeInteger(number) ? numberKey(number) : undefined;
  }
  const text = typeof value === 'number' ? numberText(value) : value;
  return text === undefined || text.trim() === '' ? undefined : textKey(text.trim());
}

function wholeNumber(value: string | number): LookupReading {
  const number = typeof value === 'number' ? value : ASCII_WHOLE_NUMBER.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number)) {
    return refused('must be a whole number written with the digits 0-9 (no spaces, separators or decimals)');
  }
  // -0 and 0 are the same lead; `String(-0)` is "0" but JSON keeps "-0".
  const plain = number === 0 ? 0 : number;
  return { kind: 'value', wire: plain, filter: String(plain), key: numberKey(plain) };
}

function numberText(value: number): string | undefined {
  return Number.isFinite(value) ? String(value) : undefined;
}

function numberKey(value: number): string {
  return `n:${value === 0 ? 0 : value}`;
}

function textKey(text: string): string {
  // Upper then lower folds ß to ss and the like; NFKC folds full-width and composed forms.
  return `s:${text.normalize('NFKC').toUpperCase().toLowerCase()}`;
}

function refused(why: string): LookupReading {
  return { kind: 'refused', why };
}
