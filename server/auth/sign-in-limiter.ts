// Sign-in throttling, in memory (one proxy process): per account, failures within a window lock the account
// for the rest of that window; per client address, every attempt counts, so one address cannot spray many
// accounts. A successful sign-in clears the account's failures, not the address's attempts.

export interface SignInLimits {
  windowMs: number;
  /** Failed attempts per account per window. */
  maxAccountFailures: number;
  /** Attempts (failed or not) per address per window. */
  maxAddressAttempts: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  windowMs: 15 * 60_000,
  maxAccountFailures: 5,
  maxAddressAttempts: 20,
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

export class SignInLimiter {
  private readonly accounts: WindowCounter;
  private readonly addresses: WindowCounter;

  constructor(
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.accounts = new WindowCounter(limits.windowMs);
    this.addresses = new WindowCounter(limits.windowMs);
  }

  /** When this attempt may be made again, or `undefined` when it may go ahead now. Counts the attempt. */
  attempt(email: string, address: string): { retryAt: Date; reason: 'account' | 'address' } | undefined {
    const now = this.now();
    const byAddress = this.addresses.recent(address, now);
    if (byAddress.length >= this.limits.maxAddressAttempts) {
      return { retryAt: new Date((byAddress[0] ?? now) + this.limits.windowMs), reason: 'address' };
    }
    this.addresses.add(address, now);
    const failures = this.accounts.recent(email, now);
    if (failures.length >= this.limits.maxAccountFailures) {
      return { retryAt: new Date((failures[0] ?? now) + this.limits.windowMs), reason: 'account' };
    }
    return undefined;
  }

  failed(email: string): void {
    this.accounts.add(email, this.now());
  }

  succeeded(email: string): void {
    this.accounts.clear(email);
  }
}
