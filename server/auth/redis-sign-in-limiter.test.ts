// The Redis sign-in limits across replicas (one limiter and one connection each, as in three proxies), against a
// real redis-server: concurrent guesses, lockouts seen everywhere, leases, expiry, and Redis going away.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error';
import { nextRedisEvent } from '../testing/redis-events';
import { startTestRedis, type TestRedis } from '../testing/redis-server';
import { ATTEMPT_LEASE_MS, RedisSignInLimiter } from './redis-sign-in-limiter';
import type { SignInAttempt, SignInLimiter, SignInLimits } from './sign-in-limiter';

const LIMITS: SignInLimits = {
  windowMs: 60_000,
  maxAccountFailures: 5,
  maxAccountFailuresOverall: 50,
  maxAddressFailures: 20,
  trustMs: 3_600_000,
};

let redis: TestRedis;
const clients: Redis[] = [];
let prefixCount = 0;

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis.close();
});

/** A connection that is ready, as a replica's is once it has started; `prefix` is its REDIS_PREFIX. */
async function connect(prefix: string): Promise<Redis> {
  const client = new Redis(redis.url, { keyPrefix: prefix });
  // A stopped server makes the client report errors while it reconnects; the tests read its status instead.
  client.on('error', () => {});
  clients.push(client);
  await client.ping();
  return client;
}

/** `count` replicas' limiters: one Redis and one key prefix, a connection each. */
async function replicas(count: number, limits = LIMITS, now: () => number = () => 0) {
  const prefix = `${redis.prefix}${++prefixCount}:`;
  const connections = await Promise.all(Array.from({ length: count }, () => connect(prefix)));
  return connections.map((client) => new RedisSignInLimiter(client, limits, now));
}

async function attemptOf(limiter: SignInLimiter, email: string, address: string): Promise<SignInAttempt> {
  const result = await limiter.start(email, address);
  if (!('attempt' in result)) throw new Error(`refused: ${JSON.stringify(result.refused)}`);
  return result.attempt;
}

describe('Redis sign-in limits across replicas', () => {
  it('lets 5 of 40 concurrent guesses spread over 3 replicas through, and the lockout holds on all of them', async () => {
    const limiters = await replicas(3);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => limiters[i % 3]!.start('victim@x.com', '198.51.100.1')),
    );
    const attempts = results.flatMap((result) => ('attempt' in result ? [result.attempt] : []));
    expect(attempts).toHaveLength(5);
    await Promise.all(attempts.map((attempt) => attempt.failed()));
    for (const limiter of limiters) {
      expect(await limiter.start('victim@x.com', '198.51.100.1')).toEqual({
        refused: { retryAt: new Date(LIMITS.windowMs), reason: 'account' },
      });
    }
  });

  it('sees a lockout made on replica 1 from replica 2', async () => {
    const [one, two] = await replicas(2);
    for (let i = 0; i < 5; i++) await (await attemptOf(one!, 'a@x.com', '203.0.113.5')).failed();
    expect(await two!.start('a@x.com', '203.0.113.5')).toEqual({
      refused: { retryAt: new Date(LIMITS.windowMs), reason: 'account' },
    });
  });

  it('clears failures for every replica when the user signs in on one of them', async () => {
    const [one, two, three] = await replicas(3);
    for (let i = 0; i < 4; i++) await (await attemptOf(one!, 'f@x.com', '203.0.113.9')).failed();
    await (await attemptOf(two!, 'f@x.com', '203.0.113.9')).succeeded();
    // Four more wrong guesses on replica 3 still leave the fifth open: the first four were cleared.
    for (let i = 0; i < 4; i++) await (await attemptOf(three!, 'f@x.com', '203.0.113.9')).failed();
    await (await attemptOf(three!, 'f@x.com', '203.0.113.9')).abandoned();
  });

  it('counts an attempt whose answer never came as a failure once its lease runs out, and takes it back if it comes', async () => {
    let now = 0;
    const [dying, other] = await replicas(2, { ...LIMITS, maxAccountFailures: 1 }, () => now);
    const lost = await attemptOf(dying!, 'b@x.com', '192.0.2.1');
    // Still in flight: refused only until it settles.
    expect(await other!.start('b@x.com', '192.0.2.1')).toEqual({
      refused: { retryAt: new Date(2000), reason: 'account' },
    });
    now = ATTEMPT_LEASE_MS;
    // Its replica died: the lease ran out at 60 s, and from then on it counts as a failure for the window.
    expect(await other!.start('b@x.com', '192.0.2.1')).toEqual({
      refused: { retryAt: new Date(ATTEMPT_LEASE_MS + LIMITS.windowMs), reason: 'account' },
    });
    // A slow answer after all: the check never ran, so the failure is taken back.
    await lost.abandoned();
    await (await attemptOf(other!, 'b@x.com', '192.0.2.1')).abandoned();
  });

  it('gives every key it writes an expiry', async () => {
    const [limiter] = await replicas(1);
    await (await attemptOf(limiter!, 'c@x.com', '192.0.2.7')).failed();
    await (await attemptOf(limiter!, 'c@x.com', '192.0.2.8')).succeeded();
    const pending = await attemptOf(limiter!, 'd@x.com', '192.0.2.9');
    // A connection without a prefix, to see the keys as Redis holds them.
    const client = await connect('');
    const keys = await client.keys(`${redis.prefix}${prefixCount}:*`);
    expect(keys.length).toBeGreaterThanOrEqual(6);
    for (const key of keys) {
      const ttl = await client.pttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(LIMITS.trustMs!);
    }
    await pending.abandoned();
  });
});

describe.skipIf(Boolean(process.env.TEST_REDIS_URL))('Redis sign-in limits when Redis goes away', () => {
  it('fail closed with 503 while Redis is down, at once, and work again when it is back', async () => {
    const [limiter] = await replicas(1);
    const client = clients.at(-1)!;
    const inFlight = await attemptOf(limiter!, 'e@x.com', '192.0.2.20');
    const closed = nextRedisEvent(client, 'close');
    await redis.stop();
    await closed;
    const refused = await limiter!.start('e@x.com', '192.0.2.20').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 503, code: 'coordination_unavailable' });
    // Its answer cannot be stored either: the caller hears so rather than a silent loss.
    await expect(inFlight.failed()).rejects.toMatchObject({ status: 503 });
    const ready = nextRedisEvent(client, 'ready');
    await redis.restart();
    await ready;
    await (await attemptOf(limiter!, 'e@x.com', '192.0.2.20')).succeeded();
  });
});
