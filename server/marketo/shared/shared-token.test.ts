// The shared access token against a real redis-server: three managers (one connection each, as in three
// replicas) make one identity call between them, and a token one of them saw refused is gone for all.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../testing/redis-server';
import type { TokenGrant } from '../token';
import { CoordinationUnavailableError } from './coordination-error';
import { connectRedis, whenReady } from './redis-connection';
import { SharedTokenManager } from './shared-token';

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

/** An identity endpoint that hands out `t1`, `t2`, … and counts its calls; each call takes a moment. */
function identity(expiresInSeconds = 3600) {
  const issued: string[] = [];
  const fetchToken = async (): Promise<TokenGrant> => {
    await new Promise((resolve) => setTimeout(resolve, 30));
    issued.push(`t${issued.length + 1}`);
    return { accessToken: issued.at(-1)!, expiresInSeconds };
  };
  return { issued, fetchToken };
}

async function replicas(count: number, fetchToken: () => Promise<TokenGrant>) {
  const prefix = `${server.prefix}token-${++prefixes}:`;
  return Promise.all(
    Array.from({ length: count }, async () => {
      const redis = connectRedis({ url: server.url, prefix });
      connections.push(redis);
      expect(await whenReady(redis)).toBe(true);
      return new SharedTokenManager(redis, { fetchToken });
    }),
  );
}

describe('SharedTokenManager', () => {
  it('makes one identity call for 50 concurrent requests across three replicas', async () => {
    const { issued, fetchToken } = identity();
    const managers = await replicas(3, fetchToken);
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => managers[i % 3]!.get()));
    expect(issued).toEqual(['t1']);
    expect(new Set(tokens)).toEqual(new Set(['t1']));
    expect(managers.map((manager) => manager.peek())).toEqual(['t1', 't1', 't1']);
  });

  it('drops a refused token for every replica, and only the one refused', async () => {
    const { issued, fetchToken } = identity();
    const [a, b, c] = await replicas(3, fetchToken);
    expect(await a!.get()).toBe('t1');
    expect(await b!.invalidate('t1')).toBe(true);
    // A second refusal of the same token says nothing new: another replica already dropped it.
    expect(await c!.invalidate('t1')).toBe(false);
    const after = await Promise.all([a!.get(), b!.get(), c!.get()]);
    expect(after).toEqual(['t2', 't2', 't2']);
    expect(issued).toEqual(['t1', 't2']);
    // A late refusal of the old token keeps the new one.
    expect(await a!.invalidate('t1')).toBe(false);
    expect(await c!.get()).toBe('t2');
  });

  it('asks again when the stored token has passed its reuse time', async () => {
    // A 2 s token is reused for half its life (short emulator tokens, ../token.ts `reuseMargin`).
    const { issued, fetchToken } = identity(2);
    const [a, b] = await replicas(2, fetchToken);
    expect(await a!.get()).toBe('t1');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await b!.get()).toBe('t2');
    expect(await a!.get()).toBe('t2');
    expect(issued).toEqual(['t1', 't2']);
  });

  it('does not hand out a token while Redis is away', async () => {
    const { issued, fetchToken } = identity();
    const [a] = await replicas(1, fetchToken);
    expect(await a!.get()).toBe('t1');
    connections.at(-1)!.disconnect();
    await expect(a!.get()).rejects.toBeInstanceOf(CoordinationUnavailableError);
    expect(issued).toEqual(['t1']);
  });
});
