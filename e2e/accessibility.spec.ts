import { expect, test } from './fixtures';
import { PartitionsPage } from './pages/partitions-page';

const pages = [
  { path: '/partitions', heading: 'Partitions' },
  { path: '/leads/new', heading: /create or update leads/i },
  { path: '/leads', heading: /look up/i },
  { path: '/leads/318801', heading: 'Lead 318801' },
  { path: '/leads/999999', heading: 'No lead with id 999999' },
];

// A laptop and a phone (an iPhone 14's width): below the `md` breakpoint the shell swaps its menu for a drawer.
const viewports = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];

for (const viewport of viewports) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    for (const { path, heading } of pages) {
      test(`${path} has no serious or critical accessibility violations`, async ({ page, checkA11y }) => {
        await page.goto(path);
        await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
        await checkA11y();
      });
    }

    test.describe('signed out', () => {
      test.use({ account: null });

      test('/sign-in has no serious or critical accessibility violations', async ({ page, checkA11y }) => {
        await page.goto('/sign-in');
        await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
        await checkA11y();
      });
    });
  });
}

test.describe('at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('Sign out stays on screen, the menu opens from its button, and nothing scrolls sideways', async ({
    page,
    checkA11y,
  }) => {
    const partitions = new PartitionsPage(page);
    await partitions.goto();
    await expect(partitions.heading).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeInViewport();
    expect(await partitions.pageScrollsSideways()).toBe(false);
    await page.getByRole('button', { name: 'Open menu' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav).toBeInViewport();
    await checkA11y();
    await nav.getByRole('link', { name: 'Look up' }).click();
    await expect(page.getByRole('heading', { name: /look up/i, level: 1 })).toBeVisible();
    await expect(nav).toBeHidden();
    await expect(page).toHaveTitle('Look up a lead · Partition Console');
  });
});
