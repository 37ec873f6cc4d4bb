import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { EmulatorControl } from './support/emulator-control';

interface Fixtures {
  emulator: EmulatorControl;
  /** Fails the test on any serious or critical accessibility violation on the current page. */
  checkA11y: () => Promise<void>;
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length} nodes)`);
}

export const test = base.extend<Fixtures>({
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
