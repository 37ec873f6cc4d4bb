// What the Marketo client tells the outside world about each attempt it sends, so metrics and readiness can
// watch it without living inside the client (server/metrics/marketo-metrics.ts, server/readiness/).

/** One attempt sent to Marketo, API call or identity call, and how it came back. Never a token or a query. */
export interface AttemptReport {
  /** The path as sent, relative to the base URL: `rest/v1/lead/42.json`, `identity/oauth/token`. */
  path: string;
  /**
   * `success`; Marketo's error code (`606`, `615`, `607`, ...); the HTTP status; `network`; `invalid_response`;
   * for identity, `refused` when it turned the credentials down.
   */
  outcome: string;
}

export type AttemptObserver = (report: AttemptReport) => void;

export const IDENTITY_PATH = 'identity/oauth/token';

/** Marketo's codes for a token it would not accept (docs/marketo-api.md §10.2). */
const TOKEN_REFUSALS = new Set(['600', '601', '602']);

/**
 * Whether Marketo answered an API attempt with the token accepted, so the link and the credentials work: a
 * success, or an error code of Marketo's own (600 and up) other than a token refusal. An HTTP status (below
 * 600), `network` or `invalid_response` is no such answer.
 */
export function answeredWithToken(outcome: string): boolean {
  if (outcome === 'success') return true;
  return /^[0-9]+$/.test(outcome) && Number(outcome) >= 600 && !TOKEN_REFUSALS.has(outcome);
}
