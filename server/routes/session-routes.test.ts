// Sign-in, the session cookie, expiry, sign-out, disabled users, password resets, CSRF and sign-in limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../contract/access';
import { DEFAULT_SIGN_IN_LIMITS } from '../auth/sign-in-limiter';
import { startTestStack, TEST_PASSWORD, type ApiClient, type TestStack } from '../test-helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({
    app: { trustProxy: 1 },
    session: { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
    signInLimits: DEFAULT_SIGN_IN_LIMITS,
  });
  await stack.api.inject('/api/partitions');
  await stack.api.inject('/api/fields');
});
afterAll(async () => {
  await stack.close();
});

// A fresh admin session each time: tests below move the clock past the start-up session's expiry.
const admin = () => stack.signIn({ role: 'admin', partitions: 'all', email: 'root@test.example' });

let addressCounter = 0;
/** A fresh client address per test, so the per-address limit of one test does not leak into the next. */
const freshAddress = () => `10.1.0.${++addressCounter}`;

async function signInOverHttp(
  email: string,
  password: string,
  headers: Record<string, string> = {},
  address = freshAddress(),
) {
  return stack.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { email, password },
    headers,
    remoteAddress: address,
  });
}

function cookieOf(setCookie: string | string[] | undefined): string {
  const text = Array.isArray(setCookie) ? (setCookie[0] ?? '') : (setCookie ?? '');
  return text.split(';')[0] ?? '';
}

async function upstreamCalls(): Promise<number> {
  const stats = await stack.control.stats();
  return stats.calls + stats.identityCalls;
}

describe('sign-in', () => {
  it('answers the user and a CSRF token and sets a HttpOnly, SameSite=Strict cookie (not Secure over http)', async () => {
    const user = await stack.signIn({ role: 'editor', partitions: [2] });
    const response = await signInOverHttp(user.user.email, TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ user: Record<string, unknown>; csrfToken: string }>();
    expect(body.user).toMatchObject({
      email: user.user.email,
      role: 'editor',
      partitions: [2],
      disabled: false,
    });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^pc_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const session = await stack.app.inject({ url: '/api/session', headers: { cookie: cookieOf(setCookie) } });
    expect(session.json()).toMatchObject({ user: { email: user.user.email }, csrfToken: body.csrfToken });
  });

  it('marks the cookie Secure when the console is reached over https (through a trusted proxy)', async () => {
    const user = await stack.signIn({ role: 'viewer', partitions: [3] });
    const response = await signInOverHttp(user.user.email, TEST_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(String(response.headers['set-cookie'])).toMatch(/; Secure$/);
  });

  it('believes only the trusted hop of X-Forwarded-For: a forged leftmost address escapes no limit', async () => {
    const user = await stack.signIn({ role: 'viewer', partitions: [2] });
    const proxy = freshAddress();
    const attacker = freshAddress();
    for (let i = 0; i < 5; i++) {
      const forged = { 'x-forwarded-for': `203.0.113.${i}, ${attacker}` };
      expect((await signInOverHttp(user.user.email, 'wrong-password', forged, proxy)).statusCode).toBe(401);
    }
    const again = { 'x-forwarded-for': `198.51.100.7, ${attacker}` };
    expect((await signInOverHttp(user.user.email, TEST_PASSWORD, again, proxy)).statusCode).toBe(429);
  });

  it('ignores X-Forwarded-Proto unless TRUST_PROXY is on', async () => {
    const direct = await startTestStack();
    try {
      const user = await direct.signIn({ role: 'viewer', partitions: [3] });
      const response = await direct.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: user.user.email, password: TEST_PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(response.statusCode).toBe(200);
      expect(String(response.headers['set-cookie'])).not.toContain('Secure');
    } finally {
      await direct.close();
    }
  });

  it('gives one answer for an unknown email, a wrong password and a disabled account', async () => {
    const user = await stack.signIn({ role: 'viewer', partitions: [2] });
    const disabled = await stack.signIn({ role: 'viewer', partitions: [2] });
    await (
      await admin()
    ).inject({
      method: 'PATCH',
      url: `/api/users/${disabled.user.id}`,
      payload: { disabled: true },
    });
    const answers = await Promise.all([
      signInOverHttp('nobody-here@example.com', TEST_PASSWORD),
      signInOverHttp(user.user.email, 'not-the-password'),
      signInOverHttp(disabled.user.email, TEST_PASSWORD),
    ]);
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.body).toBe(
        JSON.stringify({ error: { code: 'unauthenticated', message: 'Email or password is wrong' } }),
      );
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
  });

  it('needs a JSON body', async () => {
    const response = await stack.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: 'email=a@example.com&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(415);
  });

  it('locks an account for one address after 5 failures in 15 minutes, even for the right password', async () => {
    const user = await stack.signIn({ role: 'viewer', partitions: [2] });
    const attacker = freshAddress();
    for (let i = 0; i < 5; i++)
      expect((await signInOverHttp(user.user.email, 'wrong-password', {}, attacker)).statusCode).toBe(401);
    const locked = await signInOverHttp(user.user.email, TEST_PASSWORD, {}, attacker);
    expect(locked.statusCode).toBe(429);
    const error = locked.json<{ error: { code: string; retryAt: string } }>().error;
    expect(error.code).toBe('rate_limited');
    expect(Date.parse(error.retryAt)).toBeGreaterThan(Date.now());
    // The wrong guesses of one address do not lock the user out from theirs.
    expect((await signInOverHttp(user.user.email, TEST_PASSWORD)).statusCode).toBe(200);
    stack.advanceClock(15 * 60_000 + 1);
    expect((await signInOverHttp(user.user.email, TEST_PASSWORD, {}, attacker)).statusCode).toBe(200);
    const failures = (
      await (
        await admin()
      ).inject(`/api/activity?action=auth.sign-in-failed&user=${encodeURIComponent(user.user.email)}`)
    ).json<{ entries: { summary: string }[] }>();
    expect(failures.entries).toHaveLength(6);
    expect(failures.entries[0]?.summary).toContain('rate limited');
  });

  it('locks an account everywhere after 50 failures from any addresses in 15 minutes', async () => {
    const user = await stack.signIn({ role: 'viewer', partitions: [2] });
    for (let i = 0; i < 50; i++)
      expect((await signInOverHttp(user.user.email, 'wrong-password')).statusCode).toBe(401);
    expect((await signInOverHttp(user.user.email, TEST_PASSWORD)).statusCode).toBe(429);
    stack.advanceClock(15 * 60_000 + 1);
    expect((await signInOverHttp(user.user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('limits failures per address to 20 in 15 minutes, whichever accounts they name', async () => {
    const address = freshAddress();
    for (let i = 0; i < 20; i++) {
      expect((await signInOverHttp(`spray-${i}@example.com`, 'guess-password', {}, address)).statusCode).toBe(
        401,
      );
    }
    const user = await stack.signIn({ role: 'viewer', partitions: [2] });
    expect((await signInOverHttp(user.user.email, TEST_PASSWORD, {}, address)).statusCode).toBe(429);
    expect((await signInOverHttp(user.user.email, TEST_PASSWORD, {}, freshAddress())).statusCode).toBe(200);
  });

  it('never locks out an office behind one address for signing in successfully', async () => {
    const office = freshAddress();
    const user = await stack.signIn({ role: 'viewer', partitions: [2] });
    for (let i = 0; i < 25; i++)
      expect((await signInOverHttp(user.user.email, TEST_PASSWORD, {}, office)).statusCode).toBe(200);
  });
});

describe('session lifetime', () => {
  const status = (client: ApiClient) => client.inject('/api/session').then((response) => response.statusCode);

  it('expires after 30 idle minutes; activity keeps it alive', async () => {
    const client = await stack.signIn({ role: 'viewer', partitions: [2] });
    stack.advanceClock(29 * 60_000);
    expect(await status(client)).toBe(200);
    stack.advanceClock(29 * 60_000);
    expect(await status(client)).toBe(200);
    stack.advanceClock(30 * 60_000);
    expect(await status(client)).toBe(401);
  });

  it('expires 12 hours after sign-in however active', async () => {
    const client = await stack.signIn({ role: 'viewer', partitions: [2] });
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      stack.advanceClock(20 * 60_000);
      expect(await status(client)).toBe(200);
    }
    stack.advanceClock(20 * 60_000);
    expect(await status(client)).toBe(401);
  });

  it('ends at once on sign-out, and clears the cookie', async () => {
    const client = await stack.signIn({ role: 'editor', partitions: [2] });
    const out = await client.inject({ method: 'DELETE', url: '/api/session' });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect(await status(client)).toBe(401);
  });

  it('ends every session of a user who is disabled, at once', async () => {
    const one = await stack.signIn({ role: 'editor', partitions: [2], email: 'disable-me@example.com' });
    const two = await stack.signIn({ email: 'disable-me@example.com' });
    await (
      await admin()
    ).inject({
      method: 'PATCH',
      url: `/api/users/${one.user.id}`,
      payload: { disabled: true },
    });
    expect(await status(one)).toBe(401);
    expect(await status(two)).toBe(401);
    await (
      await admin()
    ).inject({
      method: 'PATCH',
      url: `/api/users/${one.user.id}`,
      payload: { disabled: false },
    });
    expect(await status(one)).toBe(401);
  });

  it('ends every session of a user whose password is reset; the new password works, the old does not', async () => {
    const client = await stack.signIn({ role: 'editor', partitions: [2] });
    const reset = await (
      await admin()
    ).inject({
      method: 'POST',
      url: `/api/users/${client.user.id}/password`,
      payload: { password: 'brand-new-password' },
    });
    expect(reset.statusCode).toBe(204);
    expect(await status(client)).toBe(401);
    expect((await signInOverHttp(client.user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await signInOverHttp(client.user.email, 'brand-new-password')).statusCode).toBe(200);
  });

  it('applies a role change on the very next request', async () => {
    const client = await stack.signIn({ role: 'editor', partitions: [2] });
    await (
      await admin()
    ).inject({
      method: 'PATCH',
      url: `/api/users/${client.user.id}`,
      payload: { role: 'viewer' },
    });
    const write = await client.inject({
      method: 'POST',
      url: '/api/leads',
      payload: { partitionName: 'Mexico', leads: [{ email: 'demoted@example.mx' }] },
    });
    expect(write.statusCode).toBe(403);
  });
});

describe('CSRF', () => {
  const WRITES = [
    {
      method: 'POST',
      url: '/api/leads',
      payload: { partitionName: 'Mexico', leads: [{ email: 'csrf@example.mx' }] },
    },
    { method: 'POST', url: '/api/leads/partition', payload: { ids: [318817], partitionName: 'Mexico' } },
    {
      method: 'POST',
      url: '/api/users',
      payload: {
        email: 'csrf-user@example.com',
        name: 'X',
        role: 'viewer',
        partitions: [],
        password: 'long-enough-pass',
      },
    },
    { method: 'PATCH', url: '/api/users/1', payload: { name: 'X' } },
    { method: 'POST', url: '/api/users/1/password', payload: { password: 'long-enough-pass' } },
    { method: 'DELETE', url: '/api/session' },
  ] as const;

  it.each(WRITES)(
    '$method $url: missing, wrong or another session’s token → 403, no Marketo call',
    async (write) => {
      const client = await stack.signIn({ role: 'admin', partitions: 'all' });
      const other = await stack.signIn({ role: 'admin', partitions: 'all' });
      const before = await upstreamCalls();
      for (const token of [undefined, 'x'.repeat(43), other.csrfToken]) {
        const response = await stack.app.inject({
          method: write.method,
          url: write.url,
          ...('payload' in write ? { payload: write.payload } : {}),
          headers: { cookie: client.cookie, ...(token === undefined ? {} : { [CSRF_HEADER]: token }) },
        });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ error: { code: 'forbidden' } });
      }
      expect(await upstreamCalls()).toBe(before);
      expect(await status(client)).toBe(200);
    },
  );

  const status = (client: ApiClient) => client.inject('/api/session').then((response) => response.statusCode);
});
