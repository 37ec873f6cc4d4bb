// How Marketo compares a lookup value with a stored one, so the write screen can tie each match back to the
// request line that found it. Marketo compares typed values: "01" finds the lead whose integer field is 1, and
// emails match whatever their case. A text comparison would miss such a match and let its line through.
import type { MarketoFieldDescription, MarketoValue } from '../marketo/types';

const NUMERIC = new Set(['integer', 'float', 'currency', 'score', 'percent', 'reference']);
const TRUE_WORDS = new Set(['true', '1', 'yes', 'y']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n']);

/** The data type of `field` in the cached field list, or `string` when it is unknown. */
export function dataTypeOf(field: string, fields: readonly MarketoFieldDescription[]): string {
  if (field === 'id') return 'integer';
  return fields.find((description) => description.rest?.name === field)?.dataType ?? 'string';
}

/**
 * A comparison key for `value` read as `dataType`, or `undefined` when there is nothing to compare (empty) or
 * the value cannot be read as that type (the caller must then treat any match as untied).
 */
export function lookupKey(value: MarketoValue | undefined, dataType: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  if (text === '') return undefined;
  if (NUMERIC.has(dataType)) {
    const number = Number(text);
    return Number.isFinite(number) ? `n:${number}` : undefined;
  }
  if (dataType === 'boolean') {
    const lower = text.toLowerCase();
    if (TRUE_WORDS.has(lower)) return 'b:true';
    return FALSE_WORDS.has(lower) ? 'b:false' : undefined;
  }
  // Case-insensitive for emails (Marketo's rule) and for text: a wider tie only blocks more.
  return `s:${text.toLowerCase()}`;
}
