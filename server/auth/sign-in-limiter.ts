// Sign-in throttling: what the limits mean, whichever store keeps them (in process: memory-sign-in-limiter.ts;
// shared by every replica through Redis: redis-sign-in-limiter.ts). An attempt counts from the moment it starts
// (before the password check) until it settles, so concurrent guesses cannot all slip under a limit while their
// checks run: 40 guesses at once against a limit of 5 get at most 5 checked. A success then stops counting, so an
// office signing in from one address is never locked out by its own sign-ins; a failure keeps counting for the
// window.
// - per account and address: failures from one address lock that account for that address for the rest of the
//   window, so one attacker cannot lock a user out everywhere by guessing wrong on purpose;
// - per account overall: a much higher bar, against a guess spread over many addresses. It does not apply from
//   an address the account has signed in from successfully within `trustMs`: a stranger's guesses, from however
//   many addresses, cannot lock the real user out of the places they already use;
// - per address: failures naming any accounts, so one address cannot spray many accounts.
// A successful sign-in clears the failures of that account from that address only.

export interface SignInLimits {
  windowMs: number;
  /** Failed attempts per account from one address per window. */
  maxAccountFailures: number;
  /** Failed attempts per account from all addresses together per window. */
  maxAccountFailuresOverall: number;
  /** Failed attempts per address, whichever accounts they name, per window. */
  maxAddressFailures: number;
  /** How long an address the account signed in from stays exempt from the overall bar. */
  trustMs?: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  windowMs: 15 * 60_000,
  maxAccountFailures: 5,
  maxAccountFailuresOverall: 50,
  maxAddressFailures: 20,
  trustMs: 30 * 24 * 3_600_000,
};

// A refusal caused only by attempts still in flight lifts as soon as they settle (a password check takes well
// under a second), not at the end of the window.
export const IN_FLIGHT_RETRY_MS = 2_000;

export interface SignInRefusal {
  retryAt: Date;
  reason: 'account' | 'address';
}

/** An attempt the limiter let through; counted until settled exactly once (later calls do nothing). */
export interface SignInAttempt {
  /** Wrong password, unknown email or disabled account: keeps counting for the window. */
  failed(): Promise<void>;
  /** Stops counting, clears the account's failures from this address and trusts the address. */
  succeeded(): Promise<void>;
  /** The check never ran (the server was too busy, or broke): as if it had not been tried. */
  abandoned(): Promise<void>;
}

export type SignInStart = { refused: SignInRefusal } | { attempt: SignInAttempt };

export interface SignInLimiter {
  /**
   * Refuses the attempt, or counts it as started and returns the handle that settles it. The caller must settle
   * it whatever happens (`try`/`finally`), or it counts against the limits until the process ends (in memory) or
   * its lease runs out (Redis). Rejects when the limits cannot be read: the caller must not check the password.
   */
  start(email: string, address: string): Promise<SignInStart>;
}

/** Settles once: the first of `failed`, `succeeded` or `abandoned` wins, later calls do nothing. */
export function settleOnce(settle: (outcome: keyof SignInAttempt) => Promise<void>): SignInAttempt {
  let settled = false;
  const once = (outcome: keyof SignInAttempt) => () => {
    if (settled) return Promise.resolve();
    settled = true;
    return settle(outcome);
  };
  return { failed: once('failed'), succeeded: once('succeeded'), abandoned: once('abandoned') };
}
