// The limits' meaning, checked the same way against both stores: in process, and Redis (a real redis-server).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../testing/redis-server';
import { MemorySignInLimiter } from './memory-sign-in-limiter';
import { RedisSignInLimiter } from './redis-sign-in-limiter';
import type { SignInAttempt, SignInLimiter, SignInLimits, SignInRefusal } from './sign-in-limiter';

// A minute, not a second: the Redis keys also expire in real time, and a slow machine must not see them go.
const WINDOW = 60_000;

const limits = (overrides: Partial<SignInLimits>): SignInLimits => ({
  windowMs: WINDOW,
  maxAccountFailures: 100,
  maxAccountFailuresOverall: 100,
  maxAddressFailures: 100,
  ...overrides,
});

/** Starts an attempt that must be let through. */
async function started(limiter: SignInLimiter, email: string, address: string): Promise<SignInAttempt> {
  const result = await limiter.start(email, address);
  if (!('attempt' in result)) throw new Error(`refused: ${JSON.stringify(result.refused)}`);
  return result.attempt;
}

async function refusal(
  limiter: SignInLimiter,
  email: string,
  address: string,
): Promise<SignInRefusal | undefined> {
  const result = await limiter.start(email, address);
  if ('refused' in result) return result.refused;
  await result.attempt.abandoned();
  return undefined;
}

type MakeLimiter = (limits: SignInLimits, now: () => number) => Promise<SignInLimiter>;

let redis: TestRedis;
const clients: Redis[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis.close();
});

/** A connection of its own key prefix, so each test starts from nothing, as a new in-memory limiter does. */
async function freshRedis(): Promise<Redis> {
  const client = new Redis(redis.url, { keyPrefix: `${redis.prefix}${clients.length}:` });
  clients.push(client);
  // The limiter sends nothing while a connection is not ready, as a replica's is once started.
  await client.ping();
  return client;
}

const stores: [string, MakeLimiter][] = [
  ['in memory', (l, now) => Promise.resolve(new MemorySignInLimiter(l, now))],
  ['in Redis', async (l, now) => new RedisSignInLimiter(await freshRedis(), l, now)],
];

describe.each(stores)('sign-in limits %s', (_name, make) => {
  it('locks an account for the address its failures came from, for the rest of the window', async () => {
    let now = 0;
    const limiter = await make(limits({ maxAccountFailures: 2 }), () => now);
    for (let i = 0; i < 2; i++) await (await started(limiter, 'a@x.com', '1.1.1.1')).failed();
    now = 10;
    expect(await refusal(limiter, 'a@x.com', '1.1.1.1')).toEqual({
      retryAt: new Date(WINDOW),
      reason: 'account',
    });
    // Someone else's wrong guesses do not lock the user out from their own address.
    expect(await refusal(limiter, 'a@x.com', '2.2.2.2')).toBeUndefined();
    expect(await refusal(limiter, 'b@x.com', '1.1.1.1')).toBeUndefined();
    now = WINDOW + 1;
    expect(await refusal(limiter, 'a@x.com', '1.1.1.1')).toBeUndefined();
  });

  it('counts an attempt from its start: concurrent guesses past the limit are refused while they run', async () => {
    const limiter = await make(limits({ maxAccountFailures: 5 }), () => 0);
    const running = await Promise.all(
      Array.from({ length: 5 }, () => started(limiter, 'a@x.com', '1.1.1.1')),
    );
    // The right password arriving now is refused too: 5 checks are already in flight from this address.
    expect(await refusal(limiter, 'a@x.com', '1.1.1.1')).toEqual({
      retryAt: new Date(2000),
      reason: 'account',
    });
    await Promise.all(running.map((attempt) => attempt.failed()));
    // Settled as failures, they lock for the window, not just a moment.
    expect(await refusal(limiter, 'a@x.com', '1.1.1.1')).toEqual({
      retryAt: new Date(WINDOW),
      reason: 'account',
    });
  });

  it('stops counting an attempt that succeeded or was abandoned, and settles each attempt once', async () => {
    const limiter = await make(limits({ maxAccountFailures: 2 }), () => 0);
    const one = await started(limiter, 'a@x.com', '1.1.1.1');
    const two = await started(limiter, 'a@x.com', '1.1.1.1');
    expect((await refusal(limiter, 'a@x.com', '1.1.1.1'))?.reason).toBe('account');
    await one.abandoned();
    await one.failed();
    await two.succeeded();
    await two.failed();
    expect(await refusal(limiter, 'a@x.com', '1.1.1.1')).toBeUndefined();
    await (await started(limiter, 'a@x.com', '1.1.1.1')).failed();
    expect(await refusal(limiter, 'a@x.com', '1.1.1.1')).toBeUndefined();
  });

  it('locks an account everywhere past the higher overall threshold, except where it signed in lately', async () => {
    let now = 0;
    const limiter = await make(
      limits({ maxAccountFailures: 2, maxAccountFailuresOverall: 4, trustMs: WINDOW / 2 }),
      () => now,
    );
    await (await started(limiter, 'a@x.com', '7.7.7.7')).succeeded();
    for (const address of ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4'])
      await (await started(limiter, 'a@x.com', address)).failed();
    expect((await refusal(limiter, 'a@x.com', '9.9.9.9'))?.reason).toBe('account');
    expect(await refusal(limiter, 'b@x.com', '9.9.9.9')).toBeUndefined();
    // The address the user signed in from is theirs: strangers' guesses elsewhere do not lock it.
    expect(await refusal(limiter, 'a@x.com', '7.7.7.7')).toBeUndefined();
    // Past `trustMs` since that sign-in, the address is like any other (the failures are still in the window).
    now = WINDOW / 2;
    expect((await refusal(limiter, 'a@x.com', '7.7.7.7'))?.reason).toBe('account');
  });

  it('does not trust an address for an account that never signed in from it', async () => {
    const limiter = await make(limits({ maxAccountFailuresOverall: 2, trustMs: WINDOW }), () => 0);
    await (await started(limiter, 'b@x.com', '7.7.7.7')).succeeded();
    await (await started(limiter, 'a@x.com', '1.1.1.1')).failed();
    await (await started(limiter, 'a@x.com', '2.2.2.2')).failed();
    expect((await refusal(limiter, 'a@x.com', '7.7.7.7'))?.reason).toBe('account');
  });

  it('caps failures per address, whichever accounts they name', async () => {
    let now = 0;
    const limiter = await make(limits({ maxAddressFailures: 3 }), () => now);
    for (const email of ['a@x.com', 'b@x.com', 'c@x.com'])
      await (await started(limiter, email, '9.9.9.9')).failed();
    expect((await refusal(limiter, 'd@x.com', '9.9.9.9'))?.reason).toBe('address');
    expect(await refusal(limiter, 'd@x.com', '8.8.8.8')).toBeUndefined();
    now = WINDOW;
    expect(await refusal(limiter, 'd@x.com', '9.9.9.9')).toBeUndefined();
  });

  it('never counts successful sign-ins against an address (an office behind one address)', async () => {
    const limiter = await make(limits({ maxAddressFailures: 3 }), () => 0);
    for (let i = 0; i < 50; i++) await (await started(limiter, `user-${i}@x.com`, '9.9.9.9')).succeeded();
    expect(await refusal(limiter, 'late@x.com', '9.9.9.9')).toBeUndefined();
  });

  it('clears an account’s failures from that address on success, not elsewhere', async () => {
    const limiter = await make(limits({ maxAccountFailures: 2 }), () => 0);
    await (await started(limiter, 'a@x.com', '1.1.1.1')).failed();
    await (await started(limiter, 'a@x.com', '2.2.2.2')).failed();
    await (await started(limiter, 'a@x.com', '1.1.1.1')).succeeded();
    // 1.1.1.1 starts afresh, so one more failure there does not lock it; 2.2.2.2 keeps its failure.
    await (await started(limiter, 'a@x.com', '1.1.1.1')).failed();
    expect(await refusal(limiter, 'a@x.com', '1.1.1.1')).toBeUndefined();
    await (await started(limiter, 'a@x.com', '2.2.2.2')).failed();
    expect((await refusal(limiter, 'a@x.com', '2.2.2.2'))?.reason).toBe('account');
  });
});
