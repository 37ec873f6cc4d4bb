// Single sign-on against a real OpenID provider (server/testing/oidc-provider.ts): sign-ins, groups becoming
// roles and grants at every sign-in, and the refusals that get no session.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-helpers';
import { OidcTestBrowser, TEST_CONSOLE_ORIGIN } from '../testing/oidc-browser';
import {
  DEMO_IDP_ACCOUNTS,
  demoOidcSettings,
  startTestIdp,
  type IdpAccount,
  type TestIdp,
} from '../testing/oidc-provider';

const CLIENT = {
  clientId: 'partition-console',
  clientSecret: 'test-client-secret-0123456789',
  redirectUris: [`${TEST_CONSOLE_ORIGIN}/api/session/oidc/callback`],
  postLogoutRedirectUris: [`${TEST_CONSOLE_ORIGIN}/sign-in`],
};
const PASSWORD = 'idp-demo-2026';

let accounts: IdpAccount[];
let idp: TestIdp;
let stack: TestStack;

beforeAll(async () => {
  idp = await startTestIdp({ client: CLIENT, accounts: () => accounts });
  stack = await startTestStack({ app: { oidc: demoOidcSettings(idp.issuer, CLIENT, TEST_CONSOLE_ORIGIN) } });
});
afterAll(async () => {
  await stack.close();
  await idp.close();
});
beforeEach(() => {
  accounts = structuredClone([...DEMO_IDP_ACCOUNTS]);
  idp.tamperIdTokens(null);
});

async function trail(action: 'auth.sign-in' | 'auth.sign-in-failed' | 'user.create' | 'user.update') {
  return await stack.access.audit.query({ visiblePartitions: 'all', readerUserId: 0, action }, 1000);
}

async function whoAmI(browser: OidcTestBrowser) {
  return (await browser.console('/api/session')).json as {
    user: { email: string; role: string; partitions: unknown };
  };
}

describe('single sign-on', () => {
  it('signs the Mexico editor in, creates the account from the groups, and records issuer and subject', async () => {
    const browser = new OidcTestBrowser(stack.app);
    const answer = await browser.signIn('mexico.editor@sso.example.com', PASSWORD);
    expect(answer).toMatchObject({ status: 303, location: '/' });
    expect(browser.consoleCookies.has('pc_session')).toBe(true);
    expect(browser.consoleCookies.has('pc_oidc')).toBe(false);
    const { user } = await whoAmI(browser);
    expect(user).toMatchObject({ email: 'mexico.editor@sso.example.com', role: 'editor', partitions: [2] });
    const partitions = (await browser.console('/api/partitions')).json as { partitions: { name: string }[] };
    expect(partitions.partitions.map((partition) => partition.name)).toEqual(['Mexico']);
    expect((await trail('user.create'))[0]?.summary).toContain(`subject u-mexico`);
    const signedIn = (await trail('auth.sign-in'))[0];
    expect(signedIn?.user.email).toBe('mexico.editor@sso.example.com');
    expect(signedIn?.summary).toContain(`${idp.issuer} (subject u-mexico)`);
  });

  it('gives a user of several groups the highest role and every partition, and follows group changes', async () => {
    const browser = new OidcTestBrowser(stack.app);
    await browser.signIn('americas@sso.example.com', PASSWORD);
    expect((await whoAmI(browser)).user).toMatchObject({ role: 'editor', partitions: [2, 3] });
    // Moved at the provider from the Mexico team to the admins: applied, and recorded old → new.
    accounts.find((account) => account.sub === 'u-both')!.groups = ['ca-team', 'marketo-admins'];
    const again = new OidcTestBrowser(stack.app);
    await again.signIn('americas@sso.example.com', PASSWORD);
    expect((await whoAmI(again)).user).toMatchObject({ role: 'admin', partitions: 'all' });
    expect((await trail('user.update'))[0]?.summary).toMatch(
      /^americas@sso\.example\.com: partitions: Mexico, Canada → all partitions; role: editor → admin \(from groups marketo-admins, ca-team at .*subject u-both\)\)$/,
    );
  });

  it('creates one account when the same person’s first sign-ins land at once', async () => {
    accounts.push({
      sub: 'u-twice',
      email: 'twice@sso.example.com',
      name: 'Twice',
      password: PASSWORD,
      groups: ['mx-team'],
    });
    const browsers = [1, 2, 3, 4].map(() => new OidcTestBrowser(stack.app));
    const trips = await Promise.all(
      browsers.map((browser) => browser.authorize('twice@sso.example.com', PASSWORD)),
    );
    const answers = await Promise.all(
      browsers.map((browser, index) => browser.console(trips[index]!.callbackUrl)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([303, 303, 303, 303]);
    expect(
      (await stack.access.users.list()).filter((user) => user.email === 'twice@sso.example.com'),
    ).toHaveLength(1);
    expect(
      (await trail('user.create')).filter((entry) => entry.summary.startsWith('created twice@')),
    ).toHaveLength(1);
    for (const browser of browsers)
      expect((await whoAmI(browser)).user).toMatchObject({ role: 'editor', partitions: [2] });
  });

  it('refuses a user with no mapped group, records why, and takes away access an earlier sign-in gave', async () => {
    const first = new OidcTestBrowser(stack.app);
    await first.signIn('canada.viewer@sso.example.com', PASSWORD);
    expect((await whoAmI(first)).user).toMatchObject({ role: 'viewer', partitions: [3] });
    accounts.find((account) => account.sub === 'u-canada')!.groups = ['everyone'];

    const second = new OidcTestBrowser(stack.app);
    const refused = await second.signIn('canada.viewer@sso.example.com', PASSWORD);
    expect(refused).toMatchObject({ status: 403, json: { error: { code: 'forbidden' } } });
    expect(JSON.stringify(refused.json)).toContain('None of your groups gives access');
    expect(second.consoleCookies.has('pc_session')).toBe(false);
    // The session the earlier sign-in started is over, and the account keeps nothing.
    expect((await first.console('/api/session')).status).toBe(401);
    expect(await stack.access.users.byEmail('canada.viewer@sso.example.com')).toMatchObject({
      role: 'viewer',
      partitions: [],
    });
    expect((await trail('auth.sign-in-failed'))[0]?.summary).toContain(
      'no-group: no mapped group in claim groups (everyone)',
    );
    expect((await trail('user.update'))[0]?.summary).toContain('partitions: Canada → none');
  });

  it('sends the browser to the provider with PKCE, state and nonce, kept only in a sealed, short-lived cookie', async () => {
    const answer = await stack.app.inject('/api/session/oidc/login?returnTo=%2Fpartitions');
    expect(answer.statusCode).toBe(302);
    const url = new URL(String(answer.headers.location));
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/auth`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      client_id: CLIENT.clientId,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      redirect_uri: `${TEST_CONSOLE_ORIGIN}/api/session/oidc/callback`,
    });
    expect(params.state).toMatch(/^[\w-]{40,}$/);
    expect(params.nonce).toMatch(/^[\w-]{40,}$/);
    const cookie = String(answer.headers['set-cookie']);
    expect(cookie).toMatch(
      /^pc_oidc=[\w-]+; Path=\/api\/session\/oidc; HttpOnly; SameSite=Lax; Max-Age=600$/,
    );
    expect(cookie).not.toContain(params.state);
    expect(cookie).not.toContain(params.nonce);
  });

  it('gives a single sign-on user the provider’s end-session URL for signing out, and a password user none', async () => {
    const browser = new OidcTestBrowser(stack.app);
    await browser.signIn('canada.viewer@sso.example.com', PASSWORD);
    const { endSessionUrl } = (await browser.console('/api/session/oidc/sign-out')).json as {
      endSessionUrl: string;
    };
    const url = new URL(endSessionUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: CLIENT.clientId,
      post_logout_redirect_uri: `${TEST_CONSOLE_ORIGIN}/sign-in`,
    });
    expect((await stack.api.inject('/api/session/oidc/sign-out')).json()).toEqual({ endSessionUrl: null });
    expect((await stack.app.inject('/api/session/oidc/sign-out')).statusCode).toBe(401);
  });

  it('returns only to a path of this console after signing in', async () => {
    for (const [returnTo, landing] of [
      ['/leads/7?tab=history', '/leads/7?tab=history'],
      ['//evil.example/x', '/'],
      ['/\t/evil.example/x', '/'],
      ['/\\evil.example', '/'],
      ['https://evil.example/', '/'],
    ] as const) {
      const browser = new OidcTestBrowser(stack.app);
      const { callbackUrl } = await browser.authorize('mexico.editor@sso.example.com', PASSWORD, returnTo);
      expect((await browser.console(callbackUrl)).location).toBe(landing);
    }
  });

  it('shows a browser the sign-in page with the reason, without a session', async () => {
    const browser = new OidcTestBrowser(stack.app);
    const { callbackUrl } = await browser.authorize('intern@sso.example.com', PASSWORD);
    const answer = await browser.console(callbackUrl, { page: true });
    expect(answer).toMatchObject({ status: 303, location: '/sign-in?sso_error=no-group' });
    expect(browser.consoleCookies.has('pc_session')).toBe(false);
  });

  it('refuses an account disabled in the console, whatever its groups say', async () => {
    const browser = new OidcTestBrowser(stack.app);
    await browser.signIn('admin@sso.example.com', PASSWORD);
    const admin = (await stack.access.users.byEmail('admin@sso.example.com'))!;
    const disable = await stack.api.inject({
      method: 'PATCH',
      url: `/api/users/${admin.id}`,
      payload: { disabled: true },
    });
    expect(disable.statusCode).toBe(200);
    const again = await new OidcTestBrowser(stack.app).signIn('admin@sso.example.com', PASSWORD);
    expect(again).toMatchObject({
      status: 403,
      json: { error: { message: 'This account is disabled in the console.' } },
    });
    expect((await trail('auth.sign-in-failed'))[0]?.summary).toContain(
      'disabled: account disabled in the console',
    );
  });

  it('never takes over a console account that has the same email', async () => {
    await stack.signIn({ email: 'clash@sso.example.com', role: 'admin' });
    accounts.push({
      sub: 'u-clash',
      email: 'clash@sso.example.com',
      name: 'Clash',
      password: PASSWORD,
      groups: ['marketo-admins'],
    });
    const answer = await new OidcTestBrowser(stack.app).signIn('clash@sso.example.com', PASSWORD);
    expect(answer).toMatchObject({ status: 403 });
    expect((await stack.access.users.byEmail('clash@sso.example.com'))?.sso).toBeNull();
    expect((await trail('auth.sign-in-failed'))[0]?.summary).toContain('account-conflict');
  });
});
