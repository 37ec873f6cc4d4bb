import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { type Account, SessionCache } from './support/accounts';
import { EmulatorControl } from './support/emulator-control';

interface TestFixtures {
  /** Who the test is signed in as (`test.use({ account: 'mexicoEditor' })`); `null` for signed out. */
  account: Account | null;
  emulator: EmulatorControl;
  /** Fails the test on any serious or critical accessibility violation on the current page. */
  checkA11y: () => Promise<void>;
}

interface WorkerFixtures {
  sessions: SessionCache;
}

/** Waits out finite animations (a menu fading away), whose half-transparent text axe would count as low contrast. */
async function settleTransitions(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (animation) =>
          animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity,
      ),
  );
}

async function seriousViolations(page: Page): Promise<string[]> {
  await settleTransitions(page);
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.length} nodes: ${violation.nodes
          .map((node) => node.target.join(' '))
          .join(', ')})`,
    );
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  account: ['admin', { option: true }],
  sessions: [
    async ({}, use, workerInfo) => {
      await use(new SessionCache(String(workerInfo.project.use.baseURL)));
    },
    { scope: 'worker' },
  ],
  storageState: async ({ account, sessions }, use) => {
    await use(account === null ? { cookies: [], origins: [] } : await sessions.get(account));
  },
  emulator: [
    async ({ request }, use) => {
      const emulator = new EmulatorControl(request);
      await emulator.reset();
      await use(emulator);
      await emulator.clearFaults();
    },
    { auto: true },
  ],
  checkA11y: async ({ page }, use) => {
    await use(async () => {
      expect(await seriousViolations(page)).toEqual([]);
    });
  },
});

export { expect };
