// The API request budget across replicas: three stacks, one Redis (a real redis-server), one budget per client.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema } from '../contract/errors';
import { nextRedisEvent } from '../testing/redis-events';
import { startTestRedis, type TestRedis } from '../testing/redis-server';
import { startTestStack, type TestStack } from '../test-helpers';

const PER_MINUTE = 6;

let redis: TestRedis;
let connections: Redis[];
let replicas: TestStack[];

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
    connections.map((client) =>
      startTestStack({ redis: client, app: { apiRateLimitPerMinute: PER_MINUTE } }),
    ),
  );
});
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.close()));
  for (const client of connections) client.disconnect();
  await redis.close();
});

/** `GET /api/session` on replica `n`: an API call that needs only the console's own database. */
async function statusOn(n: number): Promise<number> {
  return (await replicas[n]!.api.inject('/api/session')).statusCode;
}

describe('the API request budget with REDIS_URL', () => {
  it('counts one client’s calls on every replica into one budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE; i++) statuses.push(await statusOn(i % 3));
    expect(statuses).toEqual(Array.from({ length: PER_MINUTE }, () => 200));
    for (const n of [0, 1, 2]) {
      const refused = await replicas[n]!.api.inject('/api/session');
      expect(refused.statusCode).toBe(429);
      expect(ErrorEnvelopeSchema.parse(refused.json()).error.code).toBe('rate_limited');
    }
  });

  // Skipped against TEST_REDIS_URL: a server this test did not start is not its to stop.
  it.skipIf(Boolean(process.env.TEST_REDIS_URL))(
    'goes uncounted while Redis is down, and counts again once it is back',
    async () => {
      // The budget of the test above is spent: while Redis is down, calls are let through rather than refused.
      expect(await statusOn(0)).toBe(429);
      const closed = connections.map((client) => nextRedisEvent(client, 'close'));
      await redis.stop();
      await Promise.all(closed);
      for (let i = 0; i < 2 * PER_MINUTE; i++) expect(await statusOn(i % 3)).toBe(200);
      const ready = connections.map((client) => nextRedisEvent(client, 'ready'));
      await redis.restart();
      await Promise.all(ready);
      // A restarted Redis starts empty: a fresh budget, shared again.
      for (let i = 0; i < PER_MINUTE; i++) expect(await statusOn(i % 3)).toBe(200);
      expect(await statusOn(2)).toBe(429);
    },
  );
});
