// Accounts managed by single sign-on in the Users admin API, and password sign-in turned off
// (PASSWORD_SIGN_IN=false) but for the break-glass admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TEST_PASSWORD, type TestStack } from '../test-helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({
    app: { passwordSignIn: { enabled: false, breakGlassEmail: 'ops@example.com' } },
  });
});
afterAll(() => stack.close());

async function ssoUser(email: string) {
  return await stack.access.users.create({
    email,
    name: 'From SSO',
    role: 'editor',
    partitions: [2],
    passwordHash: '',
    createdAt: new Date().toISOString(),
    sso: { issuer: 'https://idp.example.com', subject: email },
  });
}

async function lastEntry(action: 'auth.sign-in' | 'auth.sign-in-failed') {
  return (await stack.access.audit.query({ visiblePartitions: 'all', readerUserId: 0, action }, 1))[0];
}

describe('users managed by single sign-on', () => {
  it('are listed as such', async () => {
    const user = await ssoUser('listed@example.com');
    const listed = (await stack.api.inject('/api/users')).json<{
      users: { id: number; ssoManaged: boolean }[];
    }>();
    expect(listed.users.find((row) => row.id === user.id)?.ssoManaged).toBe(true);
    expect(listed.users.find((row) => row.id === stack.api.user.id)?.ssoManaged).toBe(false);
  });

  it('keep role and partitions from their groups, but can be renamed and disabled', async () => {
    const user = await ssoUser('managed@example.com');
    const refused = await stack.api.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { role: 'admin', partitions: 'all' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      error: {
        message: 'This user’s role and partitions come from single sign-on groups.',
        reason: 'user_sso_managed',
        details: [{ path: 'role' }, { path: 'partitions' }],
      },
    });
    expect(await stack.access.users.byId(user.id)).toMatchObject({ role: 'editor', partitions: [2] });
    const disabled = await stack.api.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { disabled: true, name: 'Renamed' },
    });
    expect(disabled.statusCode).toBe(200);
    expect(await stack.access.users.byId(user.id)).toMatchObject({ disabled: true, name: 'Renamed' });
  });

  it('have no console password to reset', async () => {
    const user = await ssoUser('nopassword@example.com');
    const reset = await stack.api.inject({
      method: 'POST',
      url: `/api/users/${user.id}/password`,
      payload: { password: 'a-new-long-password' },
    });
    expect(reset.statusCode).toBe(400);
    expect(reset.json()).toMatchObject({ error: { reason: 'user_sso_password' } });
    expect((await stack.access.users.byId(user.id))?.passwordHash).toBe('');
  });
});

describe('password sign-in turned off', () => {
  it('refuses a console account, with a clear error, and records it', async () => {
    const user = await stack.signIn({ email: 'someone@example.com', role: 'editor' });
    const answer = await stack.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: user.user.email, password: TEST_PASSWORD },
    });
    expect(answer.statusCode).toBe(403);
    expect(answer.json()).toMatchObject({
      error: { message: 'Password sign-in is turned off here; sign in with single sign-on.' },
    });
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect((await lastEntry('auth.sign-in-failed'))?.summary).toMatch(
      /^password sign-in is off \(single sign-on only\)/,
    );
  });

  it('lets the break-glass admin in, and records the sign-in as break-glass', async () => {
    await stack.signIn({ email: 'ops@example.com', role: 'admin' });
    const answer = await stack.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'OPS@example.com', password: TEST_PASSWORD },
    });
    expect(answer.statusCode).toBe(200);
    expect(await lastEntry('auth.sign-in')).toMatchObject({
      user: { email: 'ops@example.com' },
    });
    expect((await lastEntry('auth.sign-in'))?.summary).toMatch(
      /^break-glass sign-in \(password sign-in is off\) from /,
    );
    const wrong = await stack.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'ops@example.com', password: 'not-the-password' },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('tells the sign-in page, which needs no session to ask', async () => {
    const options = await stack.app.inject('/api/session/oidc/options');
    expect(options.json()).toEqual({ oidc: null, passwordSignIn: false });
  });
});
