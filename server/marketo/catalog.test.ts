import { describe, expect, it, vi } from 'vitest';
import { MarketoCatalog } from './catalog';
import type { MarketoApi, MarketoPartition } from './types';

const partitions: MarketoPartition[] = [
  { id: 1, name: 'Default', description: 'Initial system lead partition' },
  { id: 2, name: 'Mexico' },
];

function fakeApi() {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const getPartitions = vi.fn(async () => {
    await gate;
    return partitions;
  });
  const describeLeads = vi.fn(() =>
    Promise.resolve([{ id: 56, displayName: 'Email Address', dataType: 'email' }]),
  );
  const api = { getPartitions, describeLeads } as unknown as MarketoApi;
  return { api, getPartitions, describeLeads, release };
}

describe('MarketoCatalog', () => {
  it('shares one upstream call among concurrent misses', async () => {
    const { api, getPartitions, release } = fakeApi();
    const catalog = new MarketoCatalog(api);
    const all = Promise.all([catalog.partitions(), catalog.partitions(), catalog.partitionByName('Mexico')]);
    release();
    const [a, b, mexico] = await all;
    expect(a).toEqual(partitions);
    expect(b).toBe(a);
    expect(mexico).toEqual({ id: 2, name: 'Mexico' });
    expect(getPartitions).toHaveBeenCalledTimes(1);
  });

  it('serves from cache within the TTL, reloads after it or on refresh', async () => {
    let now = 0;
    const { api, getPartitions, release } = fakeApi();
    release();
    const catalog = new MarketoCatalog(api, { ttlMs: 1000, now: () => now });
    await catalog.partitions();
    now = 999;
    await catalog.partitionById(1);
    expect(getPartitions).toHaveBeenCalledTimes(1);
    await catalog.partitions({ refresh: true });
    expect(getPartitions).toHaveBeenCalledTimes(2);
    now = 999 + 1000;
    expect(await catalog.partitionById(3)).toBeUndefined();
    expect(getPartitions).toHaveBeenCalledTimes(3);
  });

  it('defaults to a 10-minute TTL and caches fields the same way', async () => {
    let now = 0;
    const { api, describeLeads } = fakeApi();
    const catalog = new MarketoCatalog(api, { now: () => now });
    await catalog.fields();
    now = 10 * 60_000 - 1;
    await catalog.fields();
    expect(describeLeads).toHaveBeenCalledTimes(1);
    now = 10 * 60_000;
    await catalog.fields();
    expect(describeLeads).toHaveBeenCalledTimes(2);
  });

  it('never caches a failure', async () => {
    const { api, getPartitions, release } = fakeApi();
    release();
    getPartitions.mockRejectedValueOnce(new Error('down'));
    const catalog = new MarketoCatalog(api);
    await expect(catalog.partitions()).rejects.toThrow('down');
    expect(await catalog.partitions()).toEqual(partitions);
  });
});
