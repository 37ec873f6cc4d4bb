import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenManager, type TokenGrant } from './token';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function identity(...grants: TokenGrant[]) {
  const queue = [...grants];
  return vi.fn(async (): Promise<TokenGrant> => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const next = queue.shift();
    if (!next) throw new Error('no more grants');
    return next;
  });
}

describe('TokenManager', () => {
  it('shares one identity call among concurrent callers at a cold start', async () => {
    const fetchToken = identity({ accessToken: 'a', expiresInSeconds: 3599 });
    const tokens = new TokenManager({ fetchToken });
    const all = Promise.all(Array.from({ length: 50 }, () => tokens.get()));
    await vi.advanceTimersByTimeAsync(10);
    expect(await all).toEqual(Array.from({ length: 50 }, () => 'a'));
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('reuses a token until fewer than 60 s remain', async () => {
    const fetchToken = identity(
      { accessToken: 'a', expiresInSeconds: 3600 },
      { accessToken: 'b', expiresInSeconds: 3600 },
    );
    const tokens = new TokenManager({ fetchToken });
    const first = tokens.get();
    await vi.advanceTimersByTimeAsync(10);
    expect(await first).toBe('a');
    vi.setSystemTime(3_539_000 - 1);
    expect(await tokens.get()).toBe('a');
    vi.setSystemTime(3_540_000);
    const renewed = tokens.get();
    await vi.advanceTimersByTimeAsync(10);
    expect(await renewed).toBe('b');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('asks again shortly when a token arrives with expires_in 0', async () => {
    const fetchToken = identity(
      { accessToken: 'old', expiresInSeconds: 0 },
      { accessToken: 'new', expiresInSeconds: 3599 },
    );
    const tokens = new TokenManager({ fetchToken, zeroExpiryWaitMs: 1000 });
    const token = tokens.get();
    await vi.advanceTimersByTimeAsync(1020);
    expect(await token).toBe('new');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('uses a just-expiring token once if identity keeps answering 0, but never caches it', async () => {
    const fetchToken = identity(
      { accessToken: 'z', expiresInSeconds: 0 },
      { accessToken: 'z', expiresInSeconds: 0 },
      { accessToken: 'z', expiresInSeconds: 0 },
      { accessToken: 'n', expiresInSeconds: 3599 },
    );
    const tokens = new TokenManager({ fetchToken, zeroExpiryWaitMs: 100, zeroExpiryRetries: 2 });
    const first = tokens.get();
    await vi.advanceTimersByTimeAsync(500);
    expect(await first).toBe('z');
    const second = tokens.get();
    await vi.advanceTimersByTimeAsync(10);
    expect(await second).toBe('n');
  });

  it('keeps short test tokens for half their life', async () => {
    const fetchToken = identity(
      { accessToken: 'a', expiresInSeconds: 2 },
      { accessToken: 'b', expiresInSeconds: 2 },
    );
    const tokens = new TokenManager({ fetchToken });
    const first = tokens.get();
    await vi.advanceTimersByTimeAsync(10);
    expect(await first).toBe('a');
    vi.setSystemTime(999);
    expect(await tokens.get()).toBe('a');
    vi.setSystemTime(1000);
    const second = tokens.get();
    await vi.advanceTimersByTimeAsync(10);
    expect(await second).toBe('b');
  });

  it('invalidates only the refused token, not a newer one', async () => {
    const fetchToken = identity(
      { accessToken: 'a', expiresInSeconds: 3599 },
      { accessToken: 'b', expiresInSeconds: 3599 },
    );
    const tokens = new TokenManager({ fetchToken });
    const first = tokens.get();
    await vi.advanceTimersByTimeAsync(10);
    expect(await first).toBe('a');
    tokens.invalidate('a');
    const second = tokens.get();
    await vi.advanceTimersByTimeAsync(10);
    expect(await second).toBe('b');
    tokens.invalidate('a'); // a late 602 for the old token
    expect(await tokens.get()).toBe('b');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('lets the next caller try again after a failed identity call', async () => {
    const fetchToken = identity({ accessToken: 'a', expiresInSeconds: 3599 });
    fetchToken.mockRejectedValueOnce(new Error('down'));
    const tokens = new TokenManager({ fetchToken });
    await expect(tokens.get()).rejects.toThrow('down');
    const retry = tokens.get();
    await vi.advanceTimersByTimeAsync(10);
    expect(await retry).toBe('a');
  });

  it('stops one caller waiting when its signal aborts, without cancelling the shared call', async () => {
    const fetchToken = identity({ accessToken: 'a', expiresInSeconds: 3599 });
    const tokens = new TokenManager({ fetchToken });
    const controller = new AbortController();
    const impatient = tokens.get(controller.signal);
    const patient = tokens.get();
    controller.abort(new Error('deadline'));
    await expect(impatient).rejects.toThrow('deadline');
    await vi.advanceTimersByTimeAsync(10);
    expect(await patient).toBe('a');
  });

  it('keeps a token identity hands back again until its last seconds, not calling identity again and again', async () => {
    // Like Marketo (docs/marketo-api.md §3.1): while a token is valid, identity returns it again with what it has left.
    const ttlMs = 3_600_000;
    let live: { token: string; expiresAt: number } | undefined;
    const expiresAt = new Map<string, number>();
    const fetchToken = vi.fn(async (): Promise<TokenGrant> => {
      await Promise.resolve();
      const now = Date.now();
      if (!live || live.expiresAt <= now) {
        live = { token: `t${expiresAt.size + 1}`, expiresAt: now + ttlMs };
        expiresAt.set(live.token, live.expiresAt);
      }
      return { accessToken: live.token, expiresInSeconds: Math.floor((live.expiresAt - now) / 1000) };
    });
    const tokens = new TokenManager({ fetchToken });
    const handedOut: { token: string; at: number }[] = [];
    // Two hours of one request a second.
    for (let second = 0; second < 7_200; second++) {
      const token = tokens.get();
      await vi.advanceTimersByTimeAsync(0);
      handedOut.push({ token: await token, at: Date.now() });
      await vi.advanceTimersByTimeAsync(1000);
    }
    // The first token, then per hour: the early refresh at 60 s left, one at 5 s left, and the new token
    // (before the fix: 14, halving the remaining time on every call down to expires_in 0).
    expect(fetchToken.mock.calls.length).toBeLessThanOrEqual(1 + 2 * 3);
    expect(expiresAt.size).toBe(2);
    // Every token was still valid when handed out.
    expect(handedOut.filter(({ token, at }) => at >= (expiresAt.get(token) ?? 0))).toEqual([]);
  });
});
