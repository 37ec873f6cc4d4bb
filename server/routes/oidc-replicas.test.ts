// Several replicas behind one address: a single sign-on started on one may come back on another. The sign-in's
// state lives only in its sealed cookie (server/auth/oidc-login-state.ts), so any replica with the same
// OIDC_CLIENT_SECRET finishes it; one with another secret cannot read it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-helpers';
import { OidcTestBrowser, TEST_CONSOLE_ORIGIN } from '../testing/oidc-browser';
import { DEMO_IDP_ACCOUNTS, demoOidcSettings, startTestIdp, type TestIdp } from '../testing/oidc-provider';

const CLIENT = {
  clientId: 'partition-console',
  clientSecret: 'test-client-secret-0123456789',
  redirectUris: [`${TEST_CONSOLE_ORIGIN}/api/session/oidc/callback`],
};

let folder: string;
let idp: TestIdp;
let first: TestStack;
let second: TestStack;
let stranger: TestStack;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'pc-oidc-replicas-'));
  idp = await startTestIdp({ client: CLIENT, accounts: () => [...DEMO_IDP_ACCOUNTS] });
  const oidc = demoOidcSettings(idp.issuer, CLIENT, TEST_CONSOLE_ORIGIN);
  // One console database, as replicas share theirs.
  const consoleDbFile = join(folder, 'console.sqlite');
  first = await startTestStack({ consoleDbFile, app: { oidc } });
  second = await startTestStack({ consoleDbFile, sharedEmulator: first.emulator, app: { oidc } });
  stranger = await startTestStack({
    sharedEmulator: first.emulator,
    app: { oidc: { ...oidc, clientSecret: 'another-secret-entirely-0000' } },
  });
});
afterAll(async () => {
  await stranger.close();
  await second.close();
  await first.close();
  await idp.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('single sign-on across replicas', () => {
  it('finishes on another replica a sign-in started on one', async () => {
    const browser = new OidcTestBrowser(first.app);
    const { callbackUrl } = await browser.authorize('mexico.editor@sso.example.com', 'idp-demo-2026');
    browser.switchTo(second.app);
    const answer = await browser.console(callbackUrl);
    expect(answer).toMatchObject({ status: 303, location: '/' });
    browser.switchTo(first.app);
    const session = (await browser.console('/api/session')).json as { user: { email: string } };
    expect(session.user.email).toBe('mexico.editor@sso.example.com');
  });

  it('cannot be finished by a console that does not share the client secret', async () => {
    const browser = new OidcTestBrowser(first.app);
    const { callbackUrl } = await browser.authorize('mexico.editor@sso.example.com', 'idp-demo-2026');
    browser.switchTo(stranger.app);
    const answer = await browser.console(callbackUrl);
    expect(answer.status).toBe(401);
    expect(browser.consoleCookies.has('pc_session')).toBe(false);
  });
});
