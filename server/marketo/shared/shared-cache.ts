// The partitions and fields cache shared by every replica through Redis: a value lives under `catalog:<name>`
// with the cache's TTL, so a reload on one replica (`?refresh=1`) replaces it for all of them.
import type { Redis } from 'ioredis';
import type { CacheStore, CachedValue } from '../catalog';
import { coordinated } from './coordination-error';

class RedisCachedValue<T> implements CachedValue<T> {
  private inflight: Promise<T> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
  ) {}

  async get(refresh = false): Promise<T> {
    if (!refresh) {
      const text = await coordinated(() => this.redis.get(this.key));
      // Only `reload` writes the key, always as JSON of what `load` returned.
      if (text !== null) return JSON.parse(text) as T;
    }
    // Concurrent misses on this replica share one load; failures are never stored.
    this.inflight ??= this.reload().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async reload(): Promise<T> {
    const data = await this.load();
    // A TTL of 0 caches nothing, as in process.
    if (this.ttlMs > 0) {
      await coordinated(() => this.redis.set(this.key, JSON.stringify(data), 'PX', this.ttlMs));
    }
    return data;
  }
}

export class RedisCacheStore implements CacheStore {
  constructor(private readonly redis: Redis) {}

  cache<T>(name: string, load: () => Promise<T>, ttlMs: number): CachedValue<T> {
    return new RedisCachedValue(this.redis, `catalog:${name}`, load, ttlMs);
  }
}
