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
  import_chunk:
    'Import "{file}" chunk {chunk}: {created} created, {updated} updated, {skipped} skipped, {failed} failed',
  import_chunk_unsure:
    'Import "{file}" chunk {chunk}: {created} created, {updated} updated, ' +
    '{written} created or updated (cannot tell which), {skipped} skipped, {failed} failed',
  bulk_file_uploaded: 'Import "{file}" file {batch}: {rows} rows uploaded to Marketo\'s Bulk Import',
  bulk_file_refused:
    'Import "{file}" file {batch}: not taken by Marketo ({why}); its rows wait for a later file',
  bulk_file_done:
    'Import "{file}" file {batch} (Marketo batch {marketoBatch}): {written} created or updated ' +
    '(Bulk Import does not say which), {skipped} skipped, {failed} failed',
  move_chunk: 'Move to {target} chunk {chunk}: {moved} moved, {skipped} skipped, {failed} failed',
  move_undo_chunk: 'Undo of move {move} chunk {chunk}: {moved} moved, {skipped} skipped, {failed} failed',
  entry_undo_chunk:
    'Undo of Activity entry {entry} chunk {chunk}: {moved} moved, {skipped} skipped, {failed} failed',
  sign_in_unknown_email: 'unknown email, from {address}',
  sign_in_wrong_password: 'wrong password, from {address}',
  sign_in_account_disabled: 'account disabled, from {address}',
  sign_in_password_off: 'password sign-in is off (single sign-on only), from {address}',
  sign_in_rate_limited: 'rate limited ({limit}) from {address}',
  move_refused: "refused (move of {count} lead(s)): no access to partition '{partition}'",
  // After move_refused, which a move's sentence would otherwise also match with `move` as the action.
  write_refused: "refused ({action} of {count} lead(s)): no access to partition '{partition}'",
  import_refused: "refused (import of a file): no access to partition '{partition}'",
  move_started: 'Move to {target} started: {count} leads to move',
  move_cancelled: 'Move to {target} cancelled',
  move_undo_started: 'Undo of move {move} (to {target}) started',
  entry_undo_started: 'Undo of Activity entry {entry} (to {target}) started',
  import_started:
    'Import "{file}" started: {total} rows, {skipped} skipped by the check ' +
    '({action} by {lookupField} into {partition})',
  import_cancelled: 'Import "{file}" cancelled: {count} rows will not be sent (into {partition})',
};

/** Slots that hold a whole number: read back as digits only, and sent to the browser as numbers. */
const NUMBERS = [
  'count',
  'chunk',
  'batch',
  'rows',
  'created',
  'updated',
  'written',
  'skipped',
  'failed',
  'moved',
  'marketoBatch',
  'entry',
  'total',
];

/** The sentence an entry stores for `code`. */
export function activitySummary(
  code: ActivitySummaryCode,
  values: Record<string, string | number> = {},
): string {
  return fillTemplate(TEMPLATES[code], (name) =>
    values[name] === undefined ? undefined : String(values[name]),
  );
}

const readSummary = sentenceReader(
  TEMPLATES,
  Object.fromEntries(NUMBERS.map((name) => [name, '(\\d+)'])),
  (_name, text) => text,
);

/** The `summaryCode`/`summaryParams` of an entry, beside its `summary`; none for a sentence no template makes. */
export function summaryFields(summary: string): { summaryCode?: string; summaryParams?: ErrorParams } {
  const read = readSummary(summary);
  if (!read) return {};
  const params = Object.fromEntries(
    Object.entries(read.params).map(([name, value]) => [
      name,
      NUMBERS.includes(name) ? Number(value) : value,
    ]),
  );
  return { summaryCode: read.code, summaryParams: params };
}
