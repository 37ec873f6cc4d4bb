// Sign-in throttling, in memory (one proxy process). Only failures count, so an office signing in from one
// address is never locked out by its own successes:
// - per account and address: failures from one address lock that account for that address for the rest of the
//   window, so one attacker cannot lock a user out everywhere by guessing wrong on purpose;
// - per account overall: a much higher bar, against a guess spread over many addresses;
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
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  windowMs: 15 * 60_000,
  maxAccountFailures: 5,
  maxAccountFailuresOverall: 50,
  maxAddressFailures: 20,
};

// Beyond this many tracked keys, the oldest are dropped: a flood of random emails must not grow memory forever.
const MAX_KEYS = 50_000;

class WindowCounter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly windowMs: number) {}

  /** Hits still inside the window, oldest first. */
  recent(key: string, now: number): number[] {
    const kept = (this.hits.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (kept.length === 0) this.hits.delete(key);
    else this.hits.set(key, kept);
    return kept;
  }

  add(key: string, now: number): void {
    const list = this.recent(key, now);
    list.push(now);
    this.hits.delete(key);
    this.hits.set(key, list);
    if (this.hits.size > MAX_KEYS) {
      const oldest = this.hits.keys().next().value;
      if (oldest !== undefined) this.hits.delete(oldest);
    }
  }

  clear(key: string): void {
    this.hits.delete(key);
  }
}

export interface SignInRefusal {
  retryAt: Date;
  reason: 'account' | 'address';
}

export class SignInLimiter {
  private readonly pairs: WindowCounter;
  private readonly accounts: WindowCounter;
  private readonly addresses: WindowCounter;

  constructor(
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.pairs = new WindowCounter(limits.windowMs);
    this.accounts = new WindowCounter(limits.windowMs);
    this.addresses = new WindowCounter(limits.windowMs);
  }

  /** When this attempt may be made again, or `undefined` when it may go ahead now. Counts nothing. */
  attempt(email: string, address: string): SignInRefusal | undefined {
    const now = this.now();
    const checks: [WindowCounter, string, number, SignInRefusal['reason']][] = [
      [this.addresses, address, this.limits.maxAddressFailures, 'address'],
      [this.pairs, pairKey(email, address), this.limits.maxAccountFailures, 'account'],
      [this.accounts, email, this.limits.maxAccountFailuresOverall, 'account'],
    ];
    for (const [counter, key, max, reason] of checks) {
      const failures = counter.recent(key, now);
      if (failures.length >= max) {
        return { retryAt: new Date((failures[0] ?? now) + this.limits.windowMs), reason };
      }
    }
    return undefined;
  }

  /** Counts a failed sign-in against the account from this address, the account overall and the address. */
  failed(email: string, address: string): void {
    const now = this.now();
    this.pairs.add(pairKey(email, address), now);
    this.accounts.add(email, now);
    this.addresses.add(address, now);
  }

  /** Clears the account's failures from this address (not elsewhere, nor the address's own count). */
  succeeded(email: string, address: string): void {
    this.pairs.clear(pairKey(email, address));
  }
}

function pairKey(email: string, address: string): string {
  return `${email}\u0000${address}`;
}
