// The quota-exhausted state shared through a real redis-server: a 607 one replica saw is known to the others
// until its reset time, a later reset is never shortened, and a read while Redis is away answers what was known.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../testing/redis-server';
import { connectRedis, whenReady } from './redis-connection';
import { SharedQuotaState } from './shared-quota';

let server: TestRedis;
const connections: Redis[] = [];
let prefixes = 0;

beforeAll(async () => {
  server = await startTestRedis();
});
afterAll(async () => {
  for (const connection of connections) connection.disconnect();
  await server.close();
});

async function replicas(count: number) {
  const prefix = `${server.prefix}quota-${++prefixes}:`;
  return Promise.all(
    Array.from({ length: count }, async () => {
      const redis = connectRedis({ url: server.url, prefix });
      connections.push(redis);
      expect(await whenReady(redis)).toBe(true);
      return { redis, quota: new SharedQuotaState(redis) };
    }),
  );
}

describe('SharedQuotaState', () => {
  it('tells every replica about a 607 until its reset, keeping the later reset', async () => {
    const [a, b] = await replicas(2);
    expect(await b!.quota.exhaustedUntil()).toBe(0);
    const reset = Date.now() + 3_600_000;
    a!.quota.markExhausted(new Date(reset));
    await a!.redis.ping();
    expect(await b!.quota.exhaustedUntil()).toBe(reset);
    b!.quota.markExhausted(new Date(reset - 60_000));
    await b!.redis.ping();
    expect(await a!.quota.exhaustedUntil()).toBe(reset);
    expect(await a!.redis.pttl('quota:exhausted-until')).toBeGreaterThan(3_500_000);
  });

  it('forgets the state once the reset time has passed', async () => {
    const [a, b] = await replicas(2);
    a!.quota.markExhausted(new Date(Date.now() + 200));
    await a!.redis.ping();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await b!.quota.exhaustedUntil()).toBe(0);
  });

  it('answers what it knew last while Redis is away', async () => {
    const [a] = await replicas(1);
    const reset = Date.now() + 3_600_000;
    a!.quota.markExhausted(new Date(reset));
    await a!.redis.ping();
    a!.redis.disconnect();
    expect(await a!.quota.exhaustedUntil()).toBe(reset);
  });
});
