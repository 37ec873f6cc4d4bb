// Sign-in limits over HTTP across three replicas (three stacks, each its own console database) sharing one Redis
// (a real redis-server): guesses spread over the replicas, a lockout seen everywhere, and Redis going away.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema } from '../contract/errors';
import { nextRedisEvent } from '../testing/redis-events';
import { startTestRedis, type TestRedis } from '../testing/redis-server';
import { startTestStack, type TestStack } from '../test-helpers';
import { DEFAULT_SCRYPT_PARAMS, hashPassword } from './password';
import { DEFAULT_SIGN_IN_LIMITS } from './sign-in-limiter';

const PASSWORD = 'the-real-password-2026';

let redis: TestRedis;
let connections: Redis[];
let replicas: TestStack[];
let userCounter = 0;
let passwordHash: string;

beforeAll(async () => {
  redis = await startTestRedis();
  connections = Array.from({ length: 3 }, () => {
    const client = new Redis(redis.url, { keyPrefix: redis.prefix });
    // A stopped server makes the client report errors while it reconnects; the tests read its status instead.
    client.on('error', () => {});
    return client;
  });
  await Promise.all(connections.map((client) => client.ping()));
  replicas = await Promise.all(
    connections.map((client) => startTestStack({ redis: client, signInLimits: DEFAULT_SIGN_IN_LIMITS })),
  );
  // The production cost, so the password checks of concurrent guesses really overlap.
  passwordHash = await hashPassword(PASSWORD, DEFAULT_SCRYPT_PARAMS);
});
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.close()));
  for (const client of connections) client.disconnect();
  await redis.close();
});

/** One account, present on every replica (their databases are their own until they share PostgreSQL). */
async function createUser(): Promise<string> {
  const email = `replicated-${++userCounter}@test.example`;
  for (const replica of replicas) {
    await replica.access.users.create({
      email,
      name: 'Replicated',
      role: 'viewer',
      partitions: [2],
      passwordHash,
      createdAt: new Date().toISOString(),
    });
  }
  return email;
}

function signIn(n: number, email: string, password: string, address: string) {
  return replicas[n]!.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { email, password },
    remoteAddress: address,
  });
}

describe('sign-in limits shared by three replicas through Redis', () => {
  it('checks at most 5 of 40 concurrent wrong guesses spread over the replicas, and each then refuses', async () => {
    const email = await createUser();
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn(i % 3, email, `wrong-guess-${i}`, '198.51.100.40')),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(35);
    expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
    // Locked for that address on every replica, the right password included.
    for (const n of [0, 1, 2])
      expect((await signIn(n, email, PASSWORD, '198.51.100.40')).statusCode).toBe(429);
    // The user's own address is not locked anywhere.
    expect((await signIn(2, email, PASSWORD, '203.0.113.40')).statusCode).toBe(200);
  });

  it('sees a lockout made on replica 1 from replica 2', async () => {
    const email = await createUser();
    for (let i = 0; i < 5; i++)
      expect((await signIn(0, email, `wrong-${i}`, '198.51.100.41')).statusCode).toBe(401);
    const refused = await signIn(1, email, PASSWORD, '198.51.100.41');
    expect(refused.statusCode).toBe(429);
    expect(ErrorEnvelopeSchema.parse(refused.json()).error.code).toBe('rate_limited');
  });

  // Skipped against TEST_REDIS_URL: a server this test did not start is not its to stop.
  it.skipIf(Boolean(process.env.TEST_REDIS_URL))(
    'fails closed with 503 while Redis is down, and signs in again once it is back',
    async () => {
      const email = await createUser();
      const closed = connections.map((client) => nextRedisEvent(client, 'close'));
      await redis.stop();
      await Promise.all(closed);
      for (const n of [0, 1, 2]) {
        const refused = await signIn(n, email, PASSWORD, '203.0.113.42');
        expect(refused.statusCode).toBe(503);
        expect(refused.headers['set-cookie']).toBeUndefined();
        expect(ErrorEnvelopeSchema.parse(refused.json()).error.code).toBe('coordination_unavailable');
      }
      const ready = connections.map((client) => nextRedisEvent(client, 'ready'));
      await redis.restart();
      await Promise.all(ready);
      const signedIn = await signIn(1, email, PASSWORD, '203.0.113.42');
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.headers['set-cookie']).toBeDefined();
    },
  );
});
