// Sign-in throttling, in memory (one proxy process). An attempt counts from the moment it starts (before the
// password check) until it settles, so concurrent guesses cannot all slip under a limit while their checks run:
// 40 guesses at once against a limit of 5 get at most 5 checked. A success then stops counting, so an office
// signing in from one address is never locked out by its own sign-ins; a failure keeps counting for the window.
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

// Beyond this many tracked keys, the oldest are dropped: a flood of random emails must not grow memory forever.
const MAX_KEYS = 50_000;
// A refusal caused only by attempts still in flight lifts as soon as they settle (a password check takes well
// under a second), not at the end of the window.
const IN_FLIGHT_RETRY_MS = 2_000;

/** Keys to values, forgetting the least recently written once past `MAX_KEYS`. */
class BoundedMap<V> extends Map<string, V> {
  override set(key: string, value: V): this {
    this.delete(key);
    super.set(key, value);
    if (this.size > MAX_KEYS) {
      const oldest = this.keys().next().value;
      if (oldest !== undefined) this.delete(oldest);
    }
    return this;
  }
}

class WindowCounter {
  private readonly hits = new BoundedMap<number[]>();
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** Failures still inside the window, oldest first. */
  recent(key: string, now: number): number[] {
    const kept = (this.hits.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (kept.length === 0) this.hits.delete(key);
    else this.hits.set(key, kept);
    return kept;
  }

  /** Attempts started and not yet settled. Always settled (`settle`), so this map cannot grow without bound. */
  pending(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }

  start(key: string): void {
    this.inFlight.set(key, this.pending(key) + 1);
  }

  settle(key: string, failedAt: number | undefined): void {
    const left = this.pending(key) - 1;
    if (left > 0) this.inFlight.set(key, left);
    else this.inFlight.delete(key);
    if (failedAt !== undefined) this.hits.set(key, [...this.recent(key, failedAt), failedAt]);
  }

  clear(key: string): void {
    this.hits.delete(key);
  }
}

export interface SignInRefusal {
  retryAt: Date;
  reason: 'account' | 'address';
}

/** An attempt the limiter let through; counted until settled exactly once (later calls do nothing). */
export interface SignInAttempt {
  /** Wrong password, unknown email or disabled account: keeps counting for the window. */
  failed(): void;
  /** Stops counting, clears the account's failures from this address and trusts the address. */
  succeeded(): void;
  /** The check never ran (the server was too busy, or broke): as if it had not been tried. */
  abandoned(): void;
}

export class SignInLimiter {
  private readonly pairs: WindowCounter;
  private readonly accounts: WindowCounter;
  private readonly addresses: WindowCounter;
  /** Account-and-address pairs that signed in successfully, and when. */
  private readonly trusted = new BoundedMap<number>();

  constructor(
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.pairs = new WindowCounter(limits.windowMs);
    this.accounts = new WindowCounter(limits.windowMs);
    this.addresses = new WindowCounter(limits.windowMs);
  }

  /**
   * Refuses the attempt, or counts it as started and returns the handle that settles it. The caller must settle
   * it whatever happens (`try`/`finally`), or it counts against the limits until the process ends.
   */
  start(email: string, address: string): { refused: SignInRefusal } | { attempt: SignInAttempt } {
    const now = this.now();
    const pair = pairKey(email, address);
    const checks: [WindowCounter, string, number, SignInRefusal['reason']][] = [
      [this.addresses, address, this.limits.maxAddressFailures, 'address'],
      [this.pairs, pair, this.limits.maxAccountFailures, 'account'],
    ];
    if (!this.isTrusted(pair, now))
      checks.push([this.accounts, email, this.limits.maxAccountFailuresOverall, 'account']);
    for (const [counter, key, max, reason] of checks) {
      const failures = counter.recent(key, now);
      if (failures.length >= max) {
        return { refused: { retryAt: new Date((failures[0] ?? now) + this.limits.windowMs), reason } };
      }
      if (failures.length + counter.pending(key) >= max) {
        return { refused: { retryAt: new Date(now + IN_FLIGHT_RETRY_MS), reason } };
      }
    }
    const counted: [WindowCounter, string][] = [
      [this.pairs, pair],
      [this.accounts, email],
      [this.addresses, address],
    ];
    for (const [counter, key] of counted) counter.start(key);
    let settled = false;
    const settle = (failed: boolean) => {
      if (settled) return;
      settled = true;
      const at = failed ? this.now() : undefined;
      for (const [counter, key] of counted) counter.settle(key, at);
    };
    return {
      attempt: {
        failed: () => settle(true),
        succeeded: () => {
          if (settled) return;
          settle(false);
          this.pairs.clear(pair);
          this.trusted.set(pair, this.now());
        },
        abandoned: () => settle(false),
      },
    };
  }

  private isTrusted(pair: string, now: number): boolean {
    const since = this.trusted.get(pair);
    return since !== undefined && now - since < (this.limits.trustMs ?? 0);
  }
}

function pairKey(email: string, address: string): string {
  return `${email}\u0000${address}`;
}
