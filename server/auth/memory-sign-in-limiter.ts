// The sign-in limits of server/auth/sign-in-limiter.ts kept in this process: right for one proxy, and the
// default when REDIS_URL is not set. Several replicas need redis-sign-in-limiter.ts instead.
import {
  DEFAULT_SIGN_IN_LIMITS,
  IN_FLIGHT_RETRY_MS,
  settleOnce,
  type SignInLimiter,
  type SignInLimits,
  type SignInRefusal,
  type SignInStart,
} from './sign-in-limiter';

// Beyond this many tracked keys, the oldest are dropped: a flood of random emails must not grow memory forever.
const MAX_KEYS = 50_000;

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

export class MemorySignInLimiter implements SignInLimiter {
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

  // Async only to share the interface: everything below runs before the first await of the caller, so an
  // attempt is counted the moment it starts, as before.
  start(email: string, address: string): Promise<SignInStart> {
    return Promise.resolve(this.startNow(email, address));
  }

  private startNow(email: string, address: string): SignInStart {
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
    const attempt = settleOnce((outcome) => {
      const at = outcome === 'failed' ? this.now() : undefined;
      for (const [counter, key] of counted) counter.settle(key, at);
      if (outcome === 'succeeded') {
        this.pairs.clear(pair);
        this.trusted.set(pair, this.now());
      }
      return Promise.resolve();
    });
    return { attempt };
  }

  private isTrusted(pair: string, now: number): boolean {
    const since = this.trusted.get(pair);
    return since !== undefined && now - since < (this.limits.trustMs ?? 0);
  }
}

function pairKey(email: string, address: string): string {
  return `${email}\u0000${address}`;
}
