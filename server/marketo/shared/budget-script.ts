// The shared budget's Redis side: one Lua script that checks and takes a start in the rolling window and a
// concurrency slot together, atomically, on Redis's own clock (replicas' clocks may differ). rate-limiter-flexible
// counts a window but holds no slot, and redis-semaphore holds a slot but counts no window; taking them one after
// the other would let a replica sit on a slot while it waits for the window, so neither fits alone.
// A slot is a lease: it expires unless renewed, so a replica that dies mid-call frees it by itself.
import type { Redis } from 'ioredis';

/**
 * KEYS: starts (sorted set: member → start ms), leases (member → lease end ms), hold (a key with a TTL), and
 * interactive-waiting (a key with a TTL, set while some replica has an interactive call refused).
 * ARGV: counted window ms, calls per window, max concurrent, lease ms, member, lane (`background` or
 * `interactive`), how long a refused interactive call keeps the background lane shut (ms).
 * Returns { granted (0/1), wait ms (-1: wait for a slot to free), calls in the window }.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local background = ARGV[6] == 'background'
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local calls = redis.call('ZCARD', KEYS[1])
local hold = redis.call('PTTL', KEYS[3])
if hold > 0 then return {0, hold, calls} end
if background then
  local interactive = redis.call('PTTL', KEYS[4])
  if interactive > 0 then return {0, interactive, calls} end
end
local wait = 0
if calls >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  wait = math.max(1, tonumber(oldest[2]) + window - now + 1)
elseif redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
  wait = -1
end
if wait ~= 0 then
  if not background then redis.call('SET', KEYS[4], '1', 'PX', ARGV[7]) end
  return {0, wait, calls}
end
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[5])
redis.call('PEXPIRE', KEYS[1], window + 1000)
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]) * 2)
return {1, 0, calls + 1}
`;

/** KEYS: leases. ARGV: lease ms, member. Extends a lease still held (XX: a lapsed one is not revived). */
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
return 1
`;

/** KEYS: hold. ARGV: ms. Lengthens the hold to `ms` from now, never shortens it. */
const HOLD = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1
`;

/** KEYS: starts. ARGV: counted window ms. Calls started in the window. */
const COUNT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
return redis.call('ZCARD', KEYS[1])
`;

export type Verdict =
  | { granted: true; callsInWindow: number }
  | { granted: false; waitMs: number | 'slot'; callsInWindow: number };

export interface BudgetLimits {
  /** The window a start stays counted: Marketo's window plus the margin for arrival delays. */
  countedWindowMs: number;
  callsPerWindow: number;
  maxConcurrent: number;
  leaseMs: number;
  /** How long one refused interactive call keeps every replica's background lane shut: past its next ask. */
  interactiveWaitMs: number;
}

/** `background`: bulk imports, which wait behind any interactive call refused anywhere; everything else. */
export type Lane = 'background' | 'interactive';

/** The budget's four Redis operations, on keys under `budget:` (the connection adds REDIS_PREFIX). */
export class BudgetScript {
  private readonly keys = {
    starts: 'budget:starts',
    leases: 'budget:leases',
    hold: 'budget:hold',
    interactiveWaiting: 'budget:interactive-waiting',
  };

  constructor(
    private readonly redis: Redis,
    private readonly limits: BudgetLimits,
  ) {}

  async acquire(member: string, lane: Lane): Promise<Verdict> {
    const { countedWindowMs, callsPerWindow, maxConcurrent, leaseMs, interactiveWaitMs } = this.limits;
    const [granted, waitMs, callsInWindow] = (await this.redis.eval(
      ACQUIRE,
      4,
      this.keys.starts,
      this.keys.leases,
      this.keys.hold,
      this.keys.interactiveWaiting,
      countedWindowMs,
      callsPerWindow,
      maxConcurrent,
      leaseMs,
      member,
      lane,
      interactiveWaitMs,
    )) as [number, number, number];
    if (granted === 1) return { granted: true, callsInWindow };
    return { granted: false, waitMs: waitMs < 0 ? 'slot' : waitMs, callsInWindow };
  }

  async renew(member: string): Promise<void> {
    await this.redis.eval(RENEW, 1, this.keys.leases, this.limits.leaseMs, member);
  }

  async release(member: string): Promise<void> {
    await this.redis.zrem(this.keys.leases, member);
  }

  async holdOff(ms: number): Promise<void> {
    await this.redis.eval(HOLD, 1, this.keys.hold, Math.ceil(ms));
  }

  async callsInWindow(): Promise<number> {
    return (await this.redis.eval(COUNT, 1, this.keys.starts, this.limits.countedWindowMs)) as number;
  }
}
