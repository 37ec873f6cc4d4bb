// The access token shared by every replica through Redis: one identity call in flight across all of them. The
// replica that takes the lock (redis-semaphore's Mutex, a lease that expires if its holder dies) asks identity
// and stores the token; the others wait for the lock and then read the stored token. A token Marketo refuses is
// deleted for everyone, and every `get()` reads the stored one, so no replica keeps sending a refused token.
import type { Redis } from 'ioredis';
import { Mutex } from 'redis-semaphore';
import {
  raceAbort,
  requestToken,
  type AccessTokens,
  type HeldToken,
  type TokenManagerOptions,
} from '../token';
import { coordinated } from './coordination-error';

const KEYS = { token: 'token:current', lastIssued: 'token:last-issued', lock: 'token:identity-lock' };
/** The lock's lease, renewed while held; a replica that dies mid-identity call frees it after this. */
const LOCK_LEASE_MS = 10_000;
/** Longest wait for the lock: an identity call may queue behind a full window (20 s) and retry. */
const LOCK_WAIT_MS = 60_000;
/** How long the last token issued is remembered, to recognise it coming back (a token lives an hour). */
const LAST_ISSUED_TTL_MS = 3_600_000;

/** KEYS: token. ARGV: token. Deletes the stored token only if it is still this one. */
const DELETE_IF_CURRENT = `
local stored = redis.call('GET', KEYS[1])
if stored and cjson.decode(stored).token == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;

export class SharedTokenManager implements AccessTokens {
  /** The token last read or stored, for `peek()`; the stored one is the truth. */
  private current: HeldToken | undefined;
  private inflight: Promise<string> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly options: TokenManagerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async get(signal?: AbortSignal): Promise<string> {
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = undefined;
    });
    return signal ? raceAbort(this.inflight, signal) : this.inflight;
  }

  peek(): string | undefined {
    return this.current && this.now() < this.current.reuseUntil ? this.current.token : undefined;
  }

  async invalidate(token: string): Promise<boolean> {
    if (this.current?.token === token) this.current = undefined;
    const deleted = await coordinated(() => this.redis.eval(DELETE_IF_CURRENT, 1, KEYS.token, token));
    return deleted === 1;
  }

  private async fetch(): Promise<string> {
    const stored = await this.readStored();
    if (stored) return stored.token;
    const lock = new Mutex(this.redis, KEYS.lock, {
      lockTimeout: LOCK_LEASE_MS,
      refreshInterval: LOCK_LEASE_MS / 3,
      acquireTimeout: LOCK_WAIT_MS,
      retryInterval: 20,
    });
    await coordinated(() => lock.acquire());
    try {
      // Whoever held the lock before may have stored a token meanwhile.
      const fresh = await this.readStored();
      if (fresh) return fresh.token;
      const lastIssued = await coordinated(() => this.redis.get(KEYS.lastIssued));
      const held = await requestToken(this.options, lastIssued ?? undefined);
      await this.store(held);
      return held.token;
    } finally {
      // A lock that cannot be released (Redis away) expires with its lease.
      await lock.release().catch(() => {});
    }
  }

  private async readStored(): Promise<HeldToken | undefined> {
    const text = await coordinated(() => this.redis.get(KEYS.token));
    // Only this module writes the key, always as `HeldToken` JSON.
    const stored = text === null ? undefined : (JSON.parse(text) as HeldToken);
    this.current = stored && this.now() < stored.reuseUntil ? stored : undefined;
    return this.current;
  }

  private async store(held: HeldToken): Promise<void> {
    this.current = held;
    const lifeMs = Math.floor(held.reuseUntil - this.now());
    await coordinated(async () => {
      const write = this.redis.multi().set(KEYS.lastIssued, held.token, 'PX', LAST_ISSUED_TTL_MS);
      // A token already past reuse (a just-expiring one, used to its end) is handed to this caller only.
      if (lifeMs > 0) write.set(KEYS.token, JSON.stringify(held), 'PX', lifeMs);
      await write.exec();
    });
  }
}
