// The quota-exhausted state shared by every replica through Redis: one key that expires at the reset time.
import type { Redis } from 'ioredis';
import type { QuotaState } from '../quota-state';

const KEY = 'quota:exhausted-until';

/** KEYS: the state. ARGV: reset epoch ms. Keeps the later reset; the key expires at it. */
const MARK = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1])
end
return 1
`;

export class SharedQuotaState implements QuotaState {
  /** The last value read or written: what a status read answers while Redis is away. */
  private known = 0;

  constructor(private readonly redis: Redis) {}

  markExhausted(resetsAt: Date): void {
    const until = resetsAt.getTime();
    this.known = Math.max(this.known, until);
    // Best effort: with Redis away no replica sends anything, and the next 607 records it again.
    this.redis.eval(MARK, 1, KEY, until).catch(() => {});
  }

  async exhaustedUntil(): Promise<number> {
    try {
      const stored = await this.redis.get(KEY);
      this.known = stored === null ? 0 : Number(stored);
    } catch {
      // A status page is no reason to fail while Redis is away: it shows what this replica knew last.
    }
    return this.known;
  }
}
