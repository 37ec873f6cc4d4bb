import { expect, test } from './fixtures';

const pages = [
  { path: '/partitions', heading: 'Partitions' },
  { path: '/leads/new', heading: /create or update leads/i },
  { path: '/leads', heading: /look up/i },
  { path: '/leads/318801', heading: 'Lead 318801' },
  { path: '/leads/999999', heading: 'No lead with id 999999' },
];

for (const { path, heading } of pages) {
  test(`${path} has no serious or critical accessibility violations`, async ({ page, checkA11y }) => {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await checkA11y();
  });
}
