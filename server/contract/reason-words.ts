// Marketo's record-level reason codes in plain words. In the contract so the proxy (import results and their
// download) and the SPA word a reason the same way.
import type { Reason } from './leads';

/** Marketo's record-level reason codes in words; the few that need context (1005, 1010) are worded by callers. */
export function reasonWords(reason: Reason): string {
  switch (reason.code) {
    case '1004':
      return 'No lead matches.';
    case '1005':
      return 'A lead with this email already exists.';
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
    default:
      return reason.message;
  }
}
