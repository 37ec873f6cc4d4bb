// The catalog cache shared through a real redis-server: two catalogs (one connection each, as in two replicas)
// serve one loaded copy, and a refresh on one replaces it for the other.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRedis, type TestRedis } from '../../testing/redis-server';
import { MarketoCatalog } from '../catalog';
import type { MarketoApi, MarketoPartition } from '../types';
import { CoordinationUnavailableError } from './coordination-error';
import { connectRedis, whenReady } from './redis-connection';
import { RedisCacheStore } from './shared-cache';

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

/** Marketo's partitions as the test changes them; every read of them is counted. */
function marketoWith(initial: MarketoPartition[]) {
  let current = initial;
  const getPartitions = vi.fn(() => Promise.resolve(current));
  const describeLeads = vi.fn(() =>
    Promise.resolve([{ id: 56, displayName: 'Email Address', dataType: 'email' }]),
  );
  const api = { getPartitions, describeLeads } as unknown as MarketoApi;
  return { api, getPartitions, describeLeads, change: (next: MarketoPartition[]) => (current = next) };
}

async function replicas(count: number, api: MarketoApi, ttlMs = 60_000) {
  const prefix = `${server.prefix}catalog-${++prefixes}:`;
  return Promise.all(
    Array.from({ length: count }, async () => {
      const redis = connectRedis({ url: server.url, prefix });
      connections.push(redis);
      expect(await whenReady(redis)).toBe(true);
      return { redis, catalog: new MarketoCatalog(api, { ttlMs, store: new RedisCacheStore(redis) }) };
    }),
  );
}

const DEFAULT = { id: 1, name: 'Default' };
const MEXICO = { id: 2, name: 'Mexico' };

describe('MarketoCatalog on a Redis cache store', () => {
  it('loads once for every replica within the TTL', async () => {
    const marketo = marketoWith([DEFAULT]);
    const [a, b, c] = await replicas(3, marketo.api);
    expect(await a!.catalog.partitions()).toEqual([DEFAULT]);
    expect(await b!.catalog.partitions()).toEqual([DEFAULT]);
    expect(await c!.catalog.partitionById(1)).toEqual(DEFAULT);
    expect(await b!.catalog.fields()).toHaveLength(1);
    expect(await a!.catalog.fields()).toHaveLength(1);
    expect(marketo.getPartitions).toHaveBeenCalledTimes(1);
    expect(marketo.describeLeads).toHaveBeenCalledTimes(1);
  });

  it('shows every replica what a refresh on one of them loaded', async () => {
    const marketo = marketoWith([DEFAULT]);
    const [a, b] = await replicas(2, marketo.api);
    expect(await b!.catalog.partitions()).toEqual([DEFAULT]);
    marketo.change([DEFAULT, MEXICO]);
    expect(await b!.catalog.partitions()).toEqual([DEFAULT]);
    expect(await a!.catalog.partitions({ refresh: true })).toEqual([DEFAULT, MEXICO]);
    expect(await b!.catalog.partitionByName('Mexico')).toEqual(MEXICO);
    expect(marketo.getPartitions).toHaveBeenCalledTimes(2);
  });

  it('reloads once the TTL has passed, and keeps nothing with a TTL of 0', async () => {
    const marketo = marketoWith([DEFAULT]);
    const [a] = await replicas(1, marketo.api, 200);
    await a!.catalog.partitions();
    await new Promise((resolve) => setTimeout(resolve, 250));
    await a!.catalog.partitions();
    expect(marketo.getPartitions).toHaveBeenCalledTimes(2);
    const uncached = marketoWith([DEFAULT]);
    const [b] = await replicas(1, uncached.api, 0);
    await b!.catalog.partitions();
    await b!.catalog.partitions();
    expect(uncached.getPartitions).toHaveBeenCalledTimes(2);
  });

  it('fails with CoordinationUnavailableError while Redis is away, without asking Marketo', async () => {
    const marketo = marketoWith([DEFAULT]);
    const [a] = await replicas(1, marketo.api);
    a!.redis.disconnect();
    await expect(a!.catalog.partitions()).rejects.toBeInstanceOf(CoordinationUnavailableError);
    expect(marketo.getPartitions).not.toHaveBeenCalled();
  });
});
