// The sign-in limits of server/auth/sign-in-limiter.ts kept in Redis, so every replica behind a load balancer
// counts the same attempts: 40 guesses spread over three replicas still get at most 5 checked. Each decision is
// one Lua script (redis-sign-in-scripts.ts): rate-limiter-flexible's limiters each own one key and count in
// fixed windows, so they can neither check three counters and reserve an attempt in one atomic step nor date a
// lockout from its oldest failure. Every key expires (a window, or a lease plus a window, or `trustMs`).
// Redis unreachable: sign-in fails closed with 503, never an unlimited guess.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ApiError } from '../http/api-error';
import { SETTLE_SCRIPT, START_SCRIPT } from './redis-sign-in-scripts';
import {
  DEFAULT_SIGN_IN_LIMITS,
  IN_FLIGHT_RETRY_MS,
  settleOnce,
  type SignInAttempt,
  type SignInLimiter,
  type SignInLimits,
  type SignInStart,
} from './sign-in-limiter';

/**
 * How long an attempt counts as in flight without an answer. Far above the slowest password check (at most 64
 * wait for 2 running, server/auth/password-checks.ts); past it, the attempt counts as a failure.
 */
export const ATTEMPT_LEASE_MS = 60_000;
const UNAVAILABLE_RETRY_SECONDS = 5;

export function signInLimitsUnavailable(cause?: unknown): ApiError {
  const error = new ApiError(
    503,
    'coordination_unavailable',
    'Sign-in is paused: the console cannot reach its shared sign-in limits. Try again in a moment.',
    {
      retryAt: new Date(Date.now() + UNAVAILABLE_RETRY_SECONDS * 1000),
      headers: { 'retry-after': String(UNAVAILABLE_RETRY_SECONDS) },
    },
  );
  error.cause = cause;
  return error;
}

const REASONS = { 1: 'address', 2: 'account', 3: 'account' } as const;

export class RedisSignInLimiter implements SignInLimiter {
  constructor(
    /** REDIS_URL's connection; its `keyPrefix` (REDIS_PREFIX) keeps several consoles apart in one Redis. */
    private readonly redis: Redis,
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    // The caller's clock, not Redis's: tests move it. Replicas' clocks differ by far less than a window.
    private readonly now: () => number = Date.now,
    private readonly leaseMs = ATTEMPT_LEASE_MS,
  ) {}

  async start(email: string, address: string): Promise<SignInStart> {
    const keys = this.keysFor(email, address);
    const id = randomUUID();
    const { windowMs, maxAddressFailures, maxAccountFailures, maxAccountFailuresOverall } = this.limits;
    const maxes = [maxAddressFailures, maxAccountFailures, maxAccountFailuresOverall];
    const trustMs = this.limits.trustMs ?? 0;
    const [counter, retryAt] = (await this.run(START_SCRIPT, keys, [
      ...[this.now(), windowMs, this.leaseMs, id],
      ...[...maxes, trustMs, IN_FLIGHT_RETRY_MS],
    ])) as [0 | 1 | 2 | 3, number];
    if (counter !== 0) return { refused: { retryAt: new Date(retryAt), reason: REASONS[counter] } };
    const attempt: SignInAttempt = settleOnce(async (outcome) => {
      await this.run(SETTLE_SCRIPT, keys, [this.now(), windowMs, id, outcome, trustMs, ...maxes]);
    });
    return { attempt };
  }

  private keysFor(email: string, address: string): string[] {
    const key = (kind: string, value: string) => `sign-in:${kind}:${value}`;
    const pair = `${email}\u0000${address}`;
    return [
      key('address-failures', address),
      key('address-in-flight', address),
      key('pair-failures', pair),
      key('pair-in-flight', pair),
      key('account-failures', email),
      key('account-in-flight', email),
      key('trusted', pair),
    ];
  }

  private async run(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    // While disconnected, a client with an offline queue would hold the command until Redis is back: a sign-in
    // must not hang on it.
    if (this.redis.status !== 'ready') throw signInLimitsUnavailable();
    try {
      return await this.redis.eval(script, keys.length, ...keys, ...args);
    } catch (error) {
      throw signInLimitsUnavailable(error);
    }
  }
}
