// Input values checked against the field's type, the way Marketo answers a type mismatch: record-level
// `1001 Invalid value '%s'. Required of type '%s'`. `null` and "" both clear a field (docs/marketo-api.md §5.1).
import type { FieldDef } from './fields';
import type { LeadValue } from './store/db';

export type Coerced = { ok: true; value: LeadValue } | { ok: false; message: string };

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const TEXT_MAX = 65_535;
/** Marketo requires ASCII emails (leads.md); beyond that only the obvious shape is checked. */
const EMAIL = /^[\x21-\x7e]+@[\x21-\x7e]+\.[\x21-\x7e]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Levels of nesting a non-scalar value is shown to in a message; deeper levels are elided. */
const SHOWN_DEPTH = 8;
const SHOWN_LENGTH = 200;

/**
 * How a value appears in an error message: strings as they are, anything else as JSON. Built by hand to a
 * fixed depth and length: `JSON.stringify` recurses, so a value nested thousands of arrays deep would overflow
 * the stack and turn a plain 1001 into a 611.
 */
export function shown(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  const text = compactJson(raw, 0);
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text;
}

function compactJson(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (depth >= SHOWN_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  // Stop after enough items for the length cap, so a 100,000-item array is not rendered only to be cut.
  const items = Array.isArray(value)
    ? value.slice(0, SHOWN_LENGTH)
    : Object.entries(value).slice(0, SHOWN_LENGTH);
  if (Array.isArray(value)) return `[${items.map((item) => compactJson(item, depth + 1)).join(',')}]`;
  const pairs = (items as [string, unknown][]).map(
    ([k, v]) => `${JSON.stringify(k)}:${compactJson(v, depth + 1)}`,
  );
  return `{${pairs.join(',')}}`;
}

export function invalidValue(raw: unknown, dataType: string): string {
  return `Invalid value '${shown(raw)}'. Required of type '${dataType}'`;
}

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

function asText(field: FieldDef, raw: unknown): Coerced {
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    return { ok: false, message: invalidValue(raw, field.dataType) };
  }
  const text = String(raw);
  // Lone surrogates cannot be encoded as UTF-8, which Marketo requires of every string.
  if (LONE_SURROGATE.test(text)) return { ok: false, message: invalidValue(raw, field.dataType) };
  if (text.length > (field.length ?? TEXT_MAX))
    return { ok: false, message: invalidValue(raw, field.dataType) };
  if (field.dataType === 'email' && !EMAIL.test(text))
    return { ok: false, message: invalidValue(raw, 'email') };
  return { ok: true, value: text };
}

function asNumber(field: FieldDef, raw: unknown, integer: boolean): Coerced {
  // Strings are parsed the way Java would: Integer.parseInt takes digits only, Double.parseDouble also exponents.
  const numeric = integer ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const n =
    typeof raw === 'number' ? raw : typeof raw === 'string' && numeric.test(raw.trim()) ? Number(raw) : NaN;
  const fits = Number.isFinite(n) && (!integer || (Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX));
  return fits ? { ok: true, value: n } : { ok: false, message: invalidValue(raw, field.dataType) };
}

function asBoolean(field: FieldDef, raw: unknown): Coerced {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (typeof raw === 'string' && /^(true|false)$/i.test(raw))
    return { ok: true, value: raw.toLowerCase() === 'true' };
  return { ok: false, message: invalidValue(raw, field.dataType) };
}

function asDate(field: FieldDef, raw: unknown): Coerced {
  if (typeof raw !== 'string') return { ok: false, message: invalidValue(raw, field.dataType) };
  const day = raw.slice(0, 10);
  if (!DATETIME.test(raw) || !validDate(day))
    return { ok: false, message: invalidValue(raw, field.dataType) };
  return { ok: true, value: day };
}

function asDatetime(field: FieldDef, raw: unknown): Coerced {
  if (typeof raw !== 'string' || !DATETIME.test(raw) || !validDate(raw.slice(0, 10))) {
    return { ok: false, message: invalidValue(raw, field.dataType) };
  }
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(raw) && raw.includes('T');
  const d = new Date(raw.length === 10 ? `${raw}T00:00:00Z` : hasZone ? raw : `${raw}Z`);
  if (Number.isNaN(d.getTime())) return { ok: false, message: invalidValue(raw, field.dataType) };
  return { ok: true, value: d.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

export function coerceValue(field: FieldDef, raw: unknown): Coerced {
  if (raw === null || raw === '') return { ok: true, value: null };
  switch (field.dataType) {
    case 'integer':
    case 'reference':
      return asNumber(field, raw, true);
    case 'float':
    case 'currency':
      return asNumber(field, raw, false);
    case 'boolean':
      return asBoolean(field, raw);
    case 'date':
      return asDate(field, raw);
    case 'datetime':
      return asDatetime(field, raw);
    default:
      return asText(field, raw);
  }
}
