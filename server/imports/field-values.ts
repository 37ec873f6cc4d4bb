// One cell's text as the value its Marketo field takes (by data type: whole number, decimal, yes/no, date,
// date and time, email, text of a bounded length), or the reason it cannot be, in words for the person importing.
import { EmailSchema, LeadIdTextSchema, MAX_FIELD_VALUE_LENGTH, MAX_LEAD_ID } from '../contract/leads';
import type { MarketoValue } from '../marketo/types';

/** What a cell's conversion needs to know about its column. */
export interface ValueColumn {
  header: string;
  field: string;
  dataType: string;
  length?: number;
}

export type Converted =
  { ok: true; value: MarketoValue } | { ok: false; kind: 'bad_email' | 'type_error'; message: string };

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const WHOLE_NUMBER = /^[+-]?\d+$/;
// A decimal point, no thousands separators, no exponent: what a spreadsheet writes for a plain number.
const DECIMAL_NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)$/;
const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A time zone is required: without one the same cell would mean different moments to different readers.
const DATETIME =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;
/** Longest cell text quoted back in a message. */
const QUOTED_LENGTH = 40;

export function quoted(text: string): string {
  return `"${text.length > QUOTED_LENGTH ? `${text.slice(0, QUOTED_LENGTH)}…` : text}"`;
}

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** One trimmed, non-empty cell as the value its field takes. */
export function convert(column: ValueColumn, text: string): Converted {
  const shown = `${column.header} ${quoted(text)}`;
  const typeError = (message: string): Converted => ({ ok: false, kind: 'type_error', message });
  if (column.field === 'id') {
    const id = LeadIdTextSchema.safeParse(text);
    return id.success
      ? { ok: true, value: id.data }
      : typeError(`${shown} is not a lead id (a whole number from 1 to ${MAX_LEAD_ID})`);
  }
  switch (column.dataType) {
    case 'integer':
    case 'score':
    case 'reference': {
      if (!WHOLE_NUMBER.test(text)) return typeError(`${shown} is not a whole number`);
      const value = Number(text);
      if (value < INT32_MIN || value > INT32_MAX) {
        return typeError(`${shown} is too large: a whole number field takes ${INT32_MIN} to ${INT32_MAX}`);
      }
      return { ok: true, value };
    }
    case 'float':
    case 'currency':
    case 'percent': {
      const value = Number(text);
      if (!DECIMAL_NUMBER.test(text) || !Number.isFinite(value)) {
        return typeError(
          `${shown} is not a number (write it like 1234.5: a point for decimals, no thousands separators)`,
        );
      }
      return { ok: true, value };
    }
    case 'boolean': {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return { ok: true, value: true };
      if (FALSE_WORDS.has(word)) return { ok: true, value: false };
      return typeError(`${shown} is not yes or no (write true/false, yes/no or 1/0)`);
    }
    case 'date':
      if (!DATE.test(text))
        return typeError(`${shown} is not a date (write it as YYYY-MM-DD, like 2026-05-01)`);
      return isCalendarDate(text) ? { ok: true, value: text } : typeError(`${shown} is not a real date`);
    case 'datetime': {
      const match = DATETIME.exec(text);
      if (!match) {
        return typeError(
          `${shown} is not a date and time (write it like 2026-05-01T10:00:00Z, or with an offset like +02:00)`,
        );
      }
      return isCalendarDate(match[1] ?? '')
        ? { ok: true, value: text }
        : typeError(`${shown} is not a real date`);
    }
    case 'email':
      return EmailSchema.safeParse(text).success
        ? { ok: true, value: text }
        : { ok: false, kind: 'bad_email', message: `${shown} is not a valid email address` };
    default:
      return { ok: true, value: text };
  }
}

/** Text longer than its field takes; Marketo would refuse the row. `undefined` when it fits. */
export function tooLong(column: ValueColumn, text: string): string | undefined {
  const max = Math.min(column.length ?? MAX_FIELD_VALUE_LENGTH, MAX_FIELD_VALUE_LENGTH);
  // UTF-16 units, as Marketo (Java) counts them.
  if (text.length <= max) return undefined;
  return `${column.header} is ${text.length} characters long; ${column.field} takes at most ${max}`;
}
