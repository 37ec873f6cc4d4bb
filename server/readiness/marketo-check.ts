// Is Marketo reachable with our credentials? Yes while a token from a successful identity call is still live, or
// while the last API attempt, within a token's lifetime, was answered with the token accepted. Otherwise ask
// identity once (at most every `PROBE_INTERVAL_MS`): an idle console must not stay "not ready" for want of
// traffic, and a probe every few seconds must not hammer an identity endpoint that refuses us.
import { MarketoAuthError } from '../marketo/errors';
import type { MarketoLinkState } from '../marketo/link-state';

/** What the check needs of the Marketo client (`MarketoClient` in server/marketo/client.ts). */
export interface MarketoLink {
  linkState(): MarketoLinkState;
  confirmIdentity(signal?: AbortSignal): Promise<void>;
}

/** Marketo's tokens live an hour (docs/marketo-api.md §3.1); used until identity has told us otherwise. */
const DEFAULT_TOKEN_LIFE_MS = 3_600_000;
export const PROBE_INTERVAL_MS = 10_000;
/** A readiness answer waits this long for identity, no longer: a load balancer's probe has its own timeout. */
const PROBE_TIMEOUT_MS = 5_000;

export type CheckResult = { ok: true } | { ok: false; why: string };

export class MarketoCheck {
  private lastProbe: { atMs: number; result: CheckResult } | undefined;

  constructor(
    private readonly link: MarketoLink,
    private readonly now: () => number = Date.now,
  ) {}

  async check(): Promise<CheckResult> {
    const state = this.link.linkState();
    if (state.liveToken) return { ok: true };
    const lifeMs = state.lastIdentityOk?.lifeMs ?? DEFAULT_TOKEN_LIFE_MS;
    const call = state.lastCall;
    if (call?.answered && this.now() - call.atMs < lifeMs) return { ok: true };
    if (this.lastProbe && this.now() - this.lastProbe.atMs < PROBE_INTERVAL_MS) return this.lastProbe.result;
    const atMs = this.now();
    const result = await this.probe();
    this.lastProbe = { atMs, result };
    return result;
  }

  private async probe(): Promise<CheckResult> {
    try {
      await this.link.confirmIdentity(AbortSignal.timeout(PROBE_TIMEOUT_MS));
      return { ok: true };
    } catch (error) {
      if (error instanceof MarketoAuthError) {
        return { ok: false, why: "Marketo's identity endpoint refuses the client credentials" };
      }
      // The error's name only: never a message that could carry a URL.
      const name = error instanceof Error ? error.name : 'unknown error';
      return { ok: false, why: `no token from Marketo's identity endpoint (${name})` };
    }
  }
}
