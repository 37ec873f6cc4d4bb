// Single sign-on refusals: each gets a clear error, no session, and an audit entry saying which check failed.
// The provider is real (server/testing/oidc-provider.ts); bad ID tokens are re-signed by its token endpoint.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-helpers';
import { OidcTestBrowser, TEST_CONSOLE_ORIGIN } from '../testing/oidc-browser';
import { DEMO_IDP_ACCOUNTS, demoOidcSettings, startTestIdp, type TestIdp } from '../testing/oidc-provider';

const CLIENT = {
  clientId: 'partition-console',
  clientSecret: 'test-client-secret-0123456789',
  redirectUris: [`${TEST_CONSOLE_ORIGIN}/api/session/oidc/callback`],
};
const EDITOR = 'mexico.editor@sso.example.com';
const PASSWORD = 'idp-demo-2026';
const accounts = () => [...DEMO_IDP_ACCOUNTS];

let idp: TestIdp;
let stack: TestStack;

beforeAll(async () => {
  idp = await startTestIdp({ client: CLIENT, accounts });
  stack = await startTestStack({ app: { oidc: demoOidcSettings(idp.issuer, CLIENT, TEST_CONSOLE_ORIGIN) } });
});
afterAll(async () => {
  await stack.close();
  await idp.close();
});
beforeEach(() => idp.tamperIdTokens(null));

async function lastRefusal(of: TestStack = stack): Promise<string> {
  const entries = await of.access.audit.query(
    { visiblePartitions: 'all', readerUserId: 0, action: 'auth.sign-in-failed' },
    1,
  );
  return entries[0]?.summary ?? '';
}

/** Signs in at the provider, lets `change` alter the way back, and returns the console's answer to it. */
async function callbackAfter(change: (callbackUrl: URL, browser: OidcTestBrowser) => void = () => undefined) {
  const browser = new OidcTestBrowser(stack.app);
  const { callbackUrl } = await browser.authorize(EDITOR, PASSWORD);
  const url = new URL(callbackUrl);
  change(url, browser);
  const answer = await browser.console(url.toString());
  return { answer, browser, hasSession: browser.consoleCookies.has('pc_session') };
}

function errorOf(answer: { json: unknown }): { code: string; message: string } {
  return (answer.json as { error: { code: string; message: string } }).error;
}

describe('single sign-on refuses', () => {
  it('a state that is not the one this browser started with', async () => {
    const { answer, hasSession } = await callbackAfter((url) =>
      url.searchParams.set('state', 'forged-state-value'),
    );
    expect(answer.status).toBe(401);
    expect(errorOf(answer).message).toBe(
      'This answer does not belong to the sign-in this browser started; sign in again.',
    );
    expect(hasSession).toBe(false);
    expect(await lastRefusal()).toContain('(state: the state parameter does not match the state cookie)');
  });

  it('a callback without the sign-in cookie, or with an altered one', async () => {
    const missing = await callbackAfter((_url, browser) => browser.consoleCookies.delete('pc_oidc'));
    expect(missing.answer.status).toBe(401);
    expect(errorOf(missing.answer).message).toContain('expired or was started in another browser');
    const altered = await callbackAfter((_url, browser) => {
      const value = browser.consoleCookies.get('pc_oidc')!;
      browser.consoleCookies.set('pc_oidc', `${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`);
    });
    expect(altered.answer.status).toBe(401);
    expect(altered.hasSession).toBe(false);
    expect(await lastRefusal()).toContain('expired: no sign-in state cookie, or an expired or altered one');
  });

  it('a replayed code, even with the cookie that came with it', async () => {
    const browser = new OidcTestBrowser(stack.app);
    const { callbackUrl } = await browser.authorize(EDITOR, PASSWORD);
    const loginCookie = new Map(browser.consoleCookies);
    expect((await browser.console(callbackUrl)).status).toBe(303);
    const replay = await browser.console(callbackUrl, { cookies: loginCookie });
    expect(replay.status).toBe(401);
    expect(errorOf(replay).message).toBe('The identity provider did not accept this sign-in; sign in again.');
    expect(loginCookie.has('pc_session')).toBe(false);
    expect(await lastRefusal()).toContain('(rejected: invalid_grant');
  });

  it('an ID token for another audience', async () => {
    idp.tamperIdTokens((claims) => ({ ...claims, aud: 'another-application' }));
    const { answer, hasSession } = await callbackAfter();
    expect(answer.status).toBe(401);
    expect(errorOf(answer).message).toBe(
      "The identity provider's answer failed the console's checks; sign in again.",
    );
    expect(hasSession).toBe(false);
    expect(await lastRefusal()).toMatch(/invalid-token: .*"aud"/);
  });

  it('an expired ID token', async () => {
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    idp.tamperIdTokens((claims) => ({ ...claims, iat: hourAgo - 600, exp: hourAgo }));
    const { answer, hasSession } = await callbackAfter();
    expect(answer.status).toBe(401);
    expect(hasSession).toBe(false);
    expect(await lastRefusal()).toMatch(/invalid-token: .*"exp"/);
  });

  it('an ID token signed with another key', async () => {
    idp.tamperIdTokens((claims) => claims, { signedBy: 'stranger' });
    const { answer, hasSession } = await callbackAfter();
    expect(answer.status).toBe(401);
    expect(hasSession).toBe(false);
    expect(await lastRefusal()).toMatch(/invalid-token: .*signature/i);
  });

  it('nothing when the same token is re-signed by the provider unchanged (the tampering itself is sound)', async () => {
    idp.tamperIdTokens((claims) => claims);
    const { answer, hasSession } = await callbackAfter();
    expect(answer.status).toBe(303);
    expect(hasSession).toBe(true);
  });
});

describe('single sign-on with the issuer down', () => {
  it('answers 503 at sign-in, and at the callback when it went down in between, recording both', async () => {
    const gone = await startTestIdp({ client: CLIENT, accounts });
    await gone.close();
    const cold = await startTestStack({
      app: { oidc: demoOidcSettings(gone.issuer, CLIENT, TEST_CONSOLE_ORIGIN) },
    });
    try {
      const start = await new OidcTestBrowser(cold.app).console('/api/session/oidc/login');
      expect(start.status).toBe(503);
      expect(errorOf(start)).toEqual({
        code: 'upstream_unavailable',
        message: 'The identity provider cannot be reached; try again shortly.',
      });
      expect(await lastRefusal(cold)).toContain(`unavailable: discovery at ${gone.issuer} failed`);
      const page = await new OidcTestBrowser(cold.app).console('/api/session/oidc/login', { page: true });
      expect(page).toMatchObject({ status: 303, location: '/sign-in?sso_error=unavailable' });
    } finally {
      await cold.close();
    }

    const going = await startTestIdp({ client: CLIENT, accounts });
    const warm = await startTestStack({
      app: { oidc: demoOidcSettings(going.issuer, CLIENT, TEST_CONSOLE_ORIGIN) },
    });
    try {
      const browser = new OidcTestBrowser(warm.app);
      const { callbackUrl } = await browser.authorize(EDITOR, PASSWORD);
      await going.close();
      const answer = await browser.console(callbackUrl);
      expect(answer.status).toBe(503);
      expect(browser.consoleCookies.has('pc_session')).toBe(false);
      expect(await lastRefusal(warm)).toContain('unavailable: token request failed');
    } finally {
      await warm.close();
    }
  });
});
