import { request, type APIRequestContext, type Page } from '@playwright/test';

/** The demo accounts `npm start` creates in emulator mode. */
export const ACCOUNTS = {
  admin: 'admin@example.com',
  mexicoEditor: 'mexico.editor@example.com',
  canadaViewer: 'canada.viewer@example.com',
} as const;
export type Account = keyof typeof ACCOUNTS;
export const DEMO_PASSWORD = 'partition-demo-2026';

type StorageState = Awaited<ReturnType<APIRequestContext['storageState']>>;

/** Signs each account in once per worker and hands out its cookies, so tests start signed in. */
export class SessionCache {
  private readonly states = new Map<Account, Promise<StorageState>>();

  constructor(private readonly baseURL: string) {}

  get(account: Account): Promise<StorageState> {
    let state = this.states.get(account);
    if (!state) {
      state = this.signIn(account);
      this.states.set(account, state);
    }
    return state;
  }

  private async signIn(account: Account): Promise<StorageState> {
    const context = await request.newContext({ baseURL: this.baseURL });
    try {
      const response = await context.post('/api/session', {
        data: { email: ACCOUNTS[account], password: DEMO_PASSWORD },
      });
      if (!response.ok()) throw new Error(`Signing in as ${account} failed: HTTP ${response.status()}`);
      return await context.storageState();
    } finally {
      await context.dispose();
    }
  }
}

/**
 * Signs in through the sign-in page's form, in whatever language it speaks (found by the inputs' names), for a
 * test that signs out: the worker's cached sessions must not be the ones it ends.
 */
export async function signInThroughForm(page: Page, account: Account): Promise<void> {
  await page.locator('input[name="email"]').fill(ACCOUNTS[account]);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}
