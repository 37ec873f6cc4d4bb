// Whether Marketo holds the values a row sent, each read as its field's type: the test a lost chunk's rows must
// pass to be recorded as written rather than sent again.
import type { MarketoLead, MarketoValue } from '../marketo/types';

const NUMERIC = new Set(['integer', 'float', 'currency', 'score', 'percent', 'reference']);
// A plain decimal number, as Java parses one: "0x10", "" or "1,5" must not read as numbers.
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// A time without a zone names no instant, so it can match nothing.
const ZONED_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Whether `lead` holds every value of `fields`, each compared as its field's type (see `holdsValue`). */
export function holdsSentValues(
  fields: Readonly<Record<string, MarketoValue>>,
  lead: MarketoLead,
  dataTypeOf: (field: string) => string,
): boolean {
  return Object.entries(fields).every(([field, value]) => holdsValue(value, lead[field], dataTypeOf(field)));
}

/**
 * Whether a field Marketo read back as `held` holds the `sent` value. Loose only where Marketo's reading is
 * known (numbers by value, booleans, emails in any case, dates and times by instant, text trimmed); whatever
 * cannot be read with certainty is no match, since a wrong "match" loses the row while a wrong "no match"
 * only resends it.
 */
export function holdsValue(
  sent: MarketoValue | undefined,
  held: MarketoValue | undefined,
  dataType: string,
): boolean {
  const sentText = textOf(sent);
  const heldText = textOf(held);
  // null and "" both clear a field.
  if (sentText === '' || heldText === '') return sentText === heldText;
  if (NUMERIC.has(dataType)) return same(numberOf(sentText), numberOf(heldText));
  if (dataType === 'boolean') return same(booleanOf(sentText), booleanOf(heldText));
  if (dataType === 'date' || dataType === 'datetime') return same(instantOf(sentText), instantOf(heldText));
  if (dataType === 'email') return sentText.toLowerCase() === heldText.toLowerCase();
  return sentText === heldText;
}

function textOf(value: MarketoValue | undefined): string {
  return value === undefined || value === null ? '' : String(value).trim();
}

function same<T>(a: T | undefined, b: T | undefined): boolean {
  return a !== undefined && a === b;
}

function numberOf(text: string): number | undefined {
  const number = PLAIN_NUMBER.test(text) ? Number(text) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

function booleanOf(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** Milliseconds since the epoch of a date (midnight UTC) or a zoned date and time; `undefined` otherwise. */
function instantOf(text: string): number | undefined {
  if (DATE_ONLY.test(text)) return isCalendarDay(text) ? Date.parse(`${text}T00:00:00Z`) : undefined;
  const match = ZONED_TIME.exec(text);
  if (!match) return undefined;
  const [, day = '', hours, minutes, seconds = '00', fraction = '', zone = ''] = match;
  if (!isCalendarDay(day)) return undefined;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  // A Date holds milliseconds: finer digits are cut on both sides alike.
  const ms = Date.parse(
    `${day}T${hours}:${minutes}:${seconds}.${fraction.padEnd(3, '0').slice(0, 3)}${offset}`,
  );
  return Number.isFinite(ms) ? ms : undefined;
}

// Date.parse rolls 31 February into March; a day must survive the round trip to be one.
function isCalendarDay(day: string): boolean {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}

/** Whether Marketo's date and time `value` is at or after `sinceMs`; an unreadable one is not. */
export function isAtOrAfter(value: MarketoValue | undefined, sinceMs: number): boolean {
  const at = instantOf(textOf(value));
  return at !== undefined && at >= sinceMs;
}
