// Marketo's record-level reason codes in plain words, and the headers the import's results download adds. In the
// contract so the proxy (import results and their download) and the SPA word them the same way.
import type { Reason } from './leads';

/**
 * The columns the results download adds after the file's own: the lead id, the row's status, the reason in
 * words. Named so that the file, fixed and uploaded again, maps none of them to a Marketo field (a bare `id`
 * would fill Marketo's lead id); the SPA never suggests a field for them.
 */
export const IMPORT_RESULT_COLUMNS = ['Marketo lead id', 'Import status', 'Import reason'] as const;

/** What the caller knows about the write the reason answers. */
export interface ReasonContext {
  /** The field the write matched existing leads by (`email`, `id`, a custom field…). */
  lookupField?: string;
}

/**
 * Codes the proxy gives a row itself, in Marketo's numeric style but not from Marketo: a caller showing
 * "(Marketo <code>)" next to the words leaves these out.
 */
const PROXY_CODES = new Set([
  // A record alone over Marketo's 1 MB body limit: the proxy never sends it.
  '413',
]);

/** Whether `code` is one of Marketo's own (numeric, and not one the proxy makes up). */
export function isMarketoReasonCode(code: string): boolean {
  return /^\d+$/.test(code) && !PROXY_CODES.has(code);
}

/** Marketo's record-level reason codes in words; 1010 needs context that only callers can find. */
export function reasonWords(reason: Reason, context: ReasonContext = {}): string {
  switch (reason.code) {
    case '1004':
      return 'No lead matches.';
    case '1005':
      // Marketo says only "Lead already exists"; which value collided depends on the lookup field.
      return context.lookupField === undefined
        ? 'This lead already exists.'
        : `A lead with this ${context.lookupField} already exists.`;
    case '1007':
      return 'More than one lead matches; use the lead id instead.';
    case '1008':
      return 'You have no access to that partition.';
    case '1009':
      return 'Choose a partition first.';
    case '1010':
      return 'This lead already lives in another partition.';
    case '1006':
    case '1011':
      return `Marketo does not accept one of the fields (${reason.message}).`;
    case '1001':
    case '1002':
    case '1003':
      return `Marketo refused a value (${reason.message}).`;
    case '1021':
      return 'Company fields cannot be changed from here.';
    case '413':
      return 'This row is larger than Marketo accepts in one request (1 MB).';
    default:
      return reason.message;
  }
}
