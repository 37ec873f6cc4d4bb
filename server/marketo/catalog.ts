// Partitions and field descriptions change rarely (Adobe suggests caching partitions for a day); the console
// keeps them for a TTL so pages and validation do not spend the rate budget.
import type { MarketoApi, MarketoFieldDescription, MarketoPartition } from './types';

export interface MarketoCatalogOptions {
  /** How long a loaded list is served from memory; default 10 minutes. */
  ttlMs?: number;
  /** Injectable clock for tests. */
  now?: () => number;
  /** Where the lists are kept: in this process (default), or shared by every replica (`RedisCacheStore`). */
  store?: CacheStore;
}

/** One cached value: served while fresh, reloaded when stale or when `refresh` is asked for. */
export interface CachedValue<T> {
  get(refresh?: boolean): Promise<T>;
}

/** Makes the cached values; the in-process one, or one shared through Redis (shared/shared-cache.ts). */
export interface CacheStore {
  cache<T>(name: string, load: () => Promise<T>, ttlMs: number, now: () => number): CachedValue<T>;
}

interface RefreshOption {
  /** Reload from Marketo even if the cached copy is fresh. */
  refresh?: boolean;
}

/** A TTL cache of one async value; concurrent misses share one load, and failures are never cached. */
class TtlCache<T> implements CachedValue<T> {
  private value: { data: T; loadedAt: number } | undefined;
  private inflight: Promise<T> | undefined;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  async get(refresh = false): Promise<T> {
    if (!refresh && this.value && this.now() - this.value.loadedAt < this.ttlMs) return this.value.data;
    if (this.inflight) return this.inflight;
    const startedAt = this.now();
    this.inflight = this.load()
      .then((data) => {
        this.value = { data, loadedAt: startedAt };
        return data;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}

/** Keeps each value in this process. */
export const processCacheStore: CacheStore = {
  cache: (_name, load, ttlMs, now) => new TtlCache(load, ttlMs, now),
};

/** Cached partitions and lead fields over any `MarketoApi`. */
export class MarketoCatalog {
  private readonly partitionCache: CachedValue<MarketoPartition[]>;
  private readonly fieldCache: CachedValue<MarketoFieldDescription[]>;

  constructor(api: MarketoApi, options: MarketoCatalogOptions = {}) {
    const ttlMs = options.ttlMs ?? 10 * 60_000;
    const now = options.now ?? Date.now;
    const store = options.store ?? processCacheStore;
    this.partitionCache = store.cache('partitions', () => api.getPartitions(), ttlMs, now);
    this.fieldCache = store.cache('fields', () => api.describeLeads(), ttlMs, now);
  }

  /** All lead partitions; from cache unless stale or `refresh` is set. */
  async partitions({ refresh = false }: RefreshOption = {}): Promise<MarketoPartition[]> {
    return this.partitionCache.get(refresh);
  }

  /** The raw `describe.json` entries; from cache unless stale or `refresh` is set. */
  async fields({ refresh = false }: RefreshOption = {}): Promise<MarketoFieldDescription[]> {
    return this.fieldCache.get(refresh);
  }

  /** The partition with this id, or `undefined`. */
  async partitionById(id: number, options: RefreshOption = {}): Promise<MarketoPartition | undefined> {
    return (await this.partitions(options)).find((partition) => partition.id === id);
  }

  /** The partition with exactly this name, or `undefined`. */
  async partitionByName(name: string, options: RefreshOption = {}): Promise<MarketoPartition | undefined> {
    return (await this.partitions(options)).find((partition) => partition.name === name);
  }
}
