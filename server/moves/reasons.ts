// The reasons a bulk move gives for a lead it did not move. About a lead out of reach they say exactly what a
// missing lead says (server/leads/write-reasons.ts), never where it is.
import type { Reason } from '../contract/leads';

export { LEAD_NOT_FOUND, NO_ANSWER } from '../leads/write-reasons';

/** The lead is no longer in the partition the preview found it in (or, for an undo, where the move put it). */
export const MOVED_SINCE: Reason = {
  code: 'changed',
  message: 'The lead was moved by someone else since; it was left where it is',
};
