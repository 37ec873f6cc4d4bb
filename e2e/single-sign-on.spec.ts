// Issue 13: single sign-on through a real identity provider's own login page. The spec starts its own console
// (as `npm start` runs it, with OIDC_* settings) and the test provider (server/testing/oidc-provider.ts), both on
// free ports, so the shared e2e console keeps its plain password sign-in.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import {
  DEMO_GROUP_ROLES,
  DEMO_IDP_ACCOUNTS,
  startTestIdp,
  type IdpAccount,
  type TestIdp,
} from '../server/testing/oidc-provider';
import { PartitionsPage } from './pages/partitions-page';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const PASSWORD = 'idp-demo-2026';

let accounts: IdpAccount[] = structuredClone([...DEMO_IDP_ACCOUNTS]);
let idp: TestIdp;
let consoleProcess: ChildProcess;
let origin: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function untilHealthy(url: string, process: ChildProcess): Promise<void> {
  for (;;) {
    if (process.exitCode !== null) throw new Error(`the console exited with ${process.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  origin = `http://127.0.0.1:${await freePort()}`;
  const client = {
    clientId: 'partition-console-e2e',
    clientSecret: 'e2e-client-secret-not-for-production',
    redirectUris: [`${origin}/api/session/oidc/callback`],
    postLogoutRedirectUris: [`${origin}/sign-in`],
  };
  idp = await startTestIdp({ client, accounts: () => accounts });
  consoleProcess = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: new URL(origin).port,
      HOST: '127.0.0.1',
      EMULATOR_PORT: '0',
      EMULATOR_DB_FILE: ':memory:',
      CONSOLE_DB_FILE: ':memory:',
      LOG_LEVEL: 'warn',
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: client.clientId,
      OIDC_CLIENT_SECRET: client.clientSecret,
      OIDC_DISPLAY_NAME: 'Test IdP',
      OIDC_GROUP_ROLES: DEMO_GROUP_ROLES,
      OIDC_ACCESS_CONTACT: 'it-help@example.com',
    },
  });
  await untilHealthy(`${origin}/api/health`, consoleProcess);
});

test.afterAll(async () => {
  if (consoleProcess.exitCode === null) {
    const exited = new Promise((resolve) => consoleProcess.once('exit', resolve));
    consoleProcess.kill('SIGTERM');
    await exited;
  }
  await idp.close();
});

/** From the console's sign-in page through the provider's own login page, and back. */
async function signInThroughProvider(page: Page, email: string): Promise<void> {
  await page.goto(`${origin}/partitions`);
  await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
  await expect(page.getByRole('heading', { name: 'Test IdP' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('the Mexico editor signs in at the provider, sees only Mexico, and loses it when taken out of the group', async ({
  page,
}) => {
  await signInThroughProvider(page, 'mexico.editor@sso.example.com');
  await expect(page).toHaveURL(`${origin}/partitions`);
  const partitions = new PartitionsPage(page);
  await expect(partitions.row('Mexico')).toBeVisible();
  await expect(partitions.grid.getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);

  // Signing out ends the provider's session too (RP-initiated logout), after the provider asks.
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(`${origin}/sign-in`);

  accounts = accounts.map((account) =>
    account.sub === 'u-mexico' ? { ...account, groups: ['everyone'] } : account,
  );
  await signInThroughProvider(page, 'mexico.editor@sso.example.com');
  await expect(page).toHaveURL(`${origin}/sign-in?sso_error=no-group`);
  await expect(page.getByRole('alert')).toContainText(
    'none of your groups gives access to the Partition Console',
  );
  await expect(page.getByRole('alert')).toContainText('Ask it-help@example.com');
  expect((await page.request.get(`${origin}/api/partitions`)).status()).toBe(401);
});

test('the admin signs in at the provider, sees every partition, and the Users page shows SSO accounts as managed', async ({
  page,
}) => {
  await signInThroughProvider(page, 'admin@sso.example.com');
  await expect(page).toHaveURL(`${origin}/partitions`);
  const partitions = new PartitionsPage(page);
  await expect(partitions.row('Mexico')).toBeVisible();
  await expect(partitions.row('Canada')).toBeVisible();
  await page.getByRole('link', { name: 'Users' }).click();
  const table = page.getByRole('table', { name: 'Users' });
  const adminRow = table.getByRole('row').filter({ hasText: 'admin@sso.example.com' });
  await expect(adminRow).toContainText('Managed by SSO');
  await expect(adminRow).toContainText('All partitions');
  await expect(adminRow.getByRole('button', { name: /Reset password/ })).toHaveCount(0);
});
