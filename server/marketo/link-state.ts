// What the client knows about its link to Marketo right now, for readiness (server/readiness/marketo-check.ts):
// when identity last handed out a token and for how long, and how the last API attempt came back.
import { answeredWithToken, IDENTITY_PATH, type AttemptReport } from './observer';

export interface MarketoLinkState {
  /** A token from a successful identity call is held and still within its lifetime. */
  liveToken: boolean;
  /** The last successful identity call: when, and how long the token it gave lives. */
  lastIdentityOk: { atMs: number; lifeMs: number } | undefined;
  /** The last API attempt: when, and whether Marketo answered it with the token accepted (`answeredWithToken`). */
  lastCall: { atMs: number; answered: boolean } | undefined;
}

/** Records attempts as the client reports them; `snapshot` adds whether a live token is held. */
export class LinkTracker {
  private lastIdentityOk: MarketoLinkState['lastIdentityOk'];
  private lastCall: MarketoLinkState['lastCall'];

  constructor(private readonly now: () => number = Date.now) {}

  identitySucceeded(lifeMs: number): void {
    this.lastIdentityOk = { atMs: this.now(), lifeMs };
  }

  attempted(report: AttemptReport): void {
    if (report.path === IDENTITY_PATH) return;
    this.lastCall = { atMs: this.now(), answered: answeredWithToken(report.outcome) };
  }

  snapshot(liveToken: boolean): MarketoLinkState {
    return { liveToken, lastIdentityOk: this.lastIdentityOk, lastCall: this.lastCall };
  }
}
