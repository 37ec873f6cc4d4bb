// The two Lua scripts behind redis-sign-in-limiter.ts. Each runs atomically in Redis, so the check of all three
// counters and the reservation of the attempt are one step for every replica together: no replica can read
// "4 failures, 0 in flight" while another does the same.
//
// KEYS, for both: the failures and the in-flight attempts of the address, of the account-and-address pair and of
// the account (sorted sets: attempt id scored by the time it failed, or by when its lease runs out), then the
// pair's trusted mark (the time it last signed in).

/** Keys ending in `-failures` hold at most `max` members, so one key never grows past its own limit. */
const TIDY = `
local function tidy(failures, inflight, now, window, max)
  -- A lease that ran out is a check whose outcome never arrived (its replica died, or Redis broke before the
  -- answer): it counts as a failure, so a crash cannot hand out free guesses.
  local lapsed = redis.call('ZRANGEBYSCORE', inflight, '-inf', now, 'WITHSCORES')
  for i = 1, #lapsed, 2 do redis.call('ZADD', failures, lapsed[i + 1], lapsed[i]) end
  redis.call('ZREMRANGEBYSCORE', inflight, '-inf', now)
  redis.call('ZREMRANGEBYSCORE', failures, '-inf', now - window)
  -- Only the newest max failures matter: the oldest of them dates the end of the lockout.
  redis.call('ZREMRANGEBYRANK', failures, 0, -(max + 1))
  redis.call('PEXPIRE', failures, window)
end
`;

/**
 * ARGV: now, windowMs, leaseMs, attempt id, max per address, per pair, per account, trustMs, in-flight retry ms.
 * Returns `{0, 0}` when the attempt is counted, or `{n, retryAt}` naming the counter that refused it (1 address,
 * 2 pair, 3 account).
 */
export const START_SCRIPT = `${TIDY}
local now, window, lease, id = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local maxes = { tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]) }
local trustMs, retryMs = tonumber(ARGV[8]), tonumber(ARGV[9])
local trustedAt = redis.call('GET', KEYS[7])
local trusted = trustedAt and now - tonumber(trustedAt) < trustMs
for n = 1, 3 do
  local failures, inflight = KEYS[2 * n - 1], KEYS[2 * n]
  tidy(failures, inflight, now, window, maxes[n])
  if not (n == 3 and trusted) then
    local count = redis.call('ZCARD', failures)
    if count >= maxes[n] then
      local oldest = redis.call('ZRANGE', failures, 0, 0, 'WITHSCORES')[2]
      return { n, (tonumber(oldest) or now) + window }
    end
    if count + redis.call('ZCARD', inflight) >= maxes[n] then return { n, now + retryMs } end
  end
end
for n = 1, 3 do
  redis.call('ZADD', KEYS[2 * n], now + lease, id)
  -- Kept past the last lease by a window, so a lapsed attempt is still there to be counted as a failure.
  redis.call('PEXPIRE', KEYS[2 * n], lease + window)
end
return { 0, 0 }
`;

/** ARGV: now, windowMs, attempt id, outcome (`failed`, `succeeded`, `abandoned`), trustMs, the three maxes. */
export const SETTLE_SCRIPT = `${TIDY}
local now, window, id, outcome, trustMs = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], ARGV[4], tonumber(ARGV[5])
for n = 1, 3 do
  local failures, inflight = KEYS[2 * n - 1], KEYS[2 * n]
  redis.call('ZREM', inflight, id)
  if outcome == 'failed' then
    redis.call('ZADD', failures, now, id)
    tidy(failures, inflight, now, window, tonumber(ARGV[5 + n]))
  else
    -- An answer that arrives after its lease lapsed into a failure takes that failure back.
    redis.call('ZREM', failures, id)
  end
end
if outcome == 'succeeded' then
  redis.call('DEL', KEYS[3])
  if trustMs > 0 then redis.call('SET', KEYS[7], now, 'PX', trustMs) end
end
return 0
`;
