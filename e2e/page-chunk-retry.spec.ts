import { expect, test } from './fixtures';
import { PartitionsPage } from './pages/partitions-page';

test('a page whose code failed to arrive loads on "Try again" once the server answers again', async ({
  page,
}) => {
  const partitions = new PartitionsPage(page);
  // The partitions page's own chunk fails, as it would with the proxy down while the shell is already loaded.
  const chunk = '**/assets/partitions-*.js';
  await page.route(chunk, (route) => route.abort('connectionrefused'));
  await partitions.goto();
  await expect(page.getByText('This page did not load')).toBeVisible();
  await page.unroute(chunk);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(partitions.heading).toBeVisible();
  await expect(partitions.row('Mexico')).toBeVisible();
});
