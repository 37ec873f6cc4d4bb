// The English context of common Activity entries, one template per stable code. Entries store the sentence (for
// the CSV export, API clients and entries written before codes); the Activity view reads the code and values back
// so the browser can word them in the user's language.
import type { ActivitySummaryCode } from '../contract/activity';
import type { ErrorParams } from '../contract/errors';
import { fillTemplate, sentenceReader } from '../sentence-templates';

const TEMPLATES: Record<ActivitySummaryCode, string> = {
  signed_in: 'signed in from {address}',
  break_glass_sign_in: 'break-glass sign-in (password sign-in is off) from {address}',
  signed_out: 'signed out',
  user_created: 'created {email} as {role}',
  password_reset: 'reset the password of {email}',
  leads_written: '{action} by {lookupField}, {count} lead(s)',
  leads_moved: 'move {count} lead(s) to {target}',
};

/** The sentence an entry stores for `code`. */
export function activitySummary(
  code: ActivitySummaryCode,
  values: Record<string, string | number> = {},
): string {
  return fillTemplate(TEMPLATES[code], (name) =>
    values[name] === undefined ? undefined : String(values[name]),
  );
}

const readSummary = sentenceReader(TEMPLATES, { count: '(\\d+)' }, (_name, text) => text);

/** The `summaryCode`/`summaryParams` of an entry, beside its `summary`; none for a sentence no template makes. */
export function summaryFields(summary: string): { summaryCode?: string; summaryParams?: ErrorParams } {
  const read = readSummary(summary);
  if (!read) return {};
  const { count, ...rest } = read.params;
  return {
    summaryCode: read.code,
    summaryParams: count === undefined ? rest : { ...rest, count: Number(count) },
  };
}
