import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Calls the console's own API as the signed-in page, with its CSRF token. */
async function post(page: Page, path: string, data: unknown): Promise<void> {
  const session = await page.request.get('/api/session');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.post(path, { headers: { 'x-csrf-token': csrfToken }, data });
  expect(response.ok(), await response.text()).toBe(true);
}

test.describe('moving 500 leads by email', () => {
  test('preview, pick an ambiguous email, move, filter the results, undo', async ({
    page,
    emulator,
    checkA11y,
  }) => {
    test.setTimeout(120_000);
    const tag = `bm${Date.now().toString(36)}`;
    const emails = Array.from({ length: 500 }, (_unused, n) => `lead-${n}@${tag}.mx`);
    await page.goto('/moves');
    await post(page, '/api/leads', {
      partitionName: 'Mexico',
      action: 'createOnly',
      leads: emails.map((email) => ({ email })),
    });
    for (const partitionName of ['Mexico', 'Canada']) {
      await post(page, '/api/leads', {
        partitionName,
        action: 'createDuplicate',
        leads: [{ email: `twin@${tag}.mx` }],
      });
    }

    await page.getByLabel('One per line').fill([...emails, `twin@${tag}.mx`, `nobody@${tag}.mx`].join('\n'));
    await page.getByRole('combobox', { name: 'Move to partition' }).click();
    await page.getByRole('option', { name: 'Canada' }).click();
    await checkA11y();
    await page.getByRole('button', { name: 'Preview' }).click();

    const counts = page.getByRole('group', { name: 'Move counts' });
    await expect(counts).toContainText('Ready500', { timeout: 30_000 });
    await expect(counts).toContainText('Several leads1');
    await expect(counts).toContainText('Not found1');
    await expect(page.getByText('Ready to move: 500 from Mexico')).toBeVisible();
    await checkA11y();

    await page.getByRole('combobox', { name: `Lead for twin@${tag}.mx` }).click();
    await page.getByRole('option', { name: /in Mexico$/ }).click();
    await page.getByRole('button', { name: 'Use this lead' }).click();
    await page.getByRole('button', { name: 'Move 501 leads to Canada' }).click();
    await expect(page.getByRole('progressbar', { name: 'Move progress' })).toHaveAttribute(
      'aria-valuenow',
      '100',
      {
        timeout: 60_000,
      },
    );
    await expect(page.getByText('Completed', { exact: true })).toBeVisible();
    await expect(counts).toContainText('Moved501');

    await page.getByRole('combobox', { name: 'Show' }).click();
    await page.getByRole('option', { name: 'Not found' }).click();
    const results = page.getByRole('table', { name: 'Results' });
    await expect(results.getByRole('row')).toHaveCount(2);
    await expect(results).toContainText(`nobody@${tag}.mx`);
    await checkA11y();

    const moved = (await emulator.leads()).filter((lead) => String(lead.email).endsWith(`@${tag}.mx`));
    expect(moved.filter((lead) => lead.leadPartitionId === 3)).toHaveLength(502);

    await page.getByRole('button', { name: /^Undo \(until / }).click();
    await expect(page.getByRole('heading', { name: 'Undo of a move to Canada', level: 1 })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Move counts' })).toContainText('Moved501', {
      timeout: 60_000,
    });
    const back = (await emulator.leads()).filter((lead) => String(lead.email).endsWith(`@${tag}.mx`));
    // Back in Mexico; the twin that lived in Canada from the start stays there.
    expect(back.filter((lead) => lead.leadPartitionId === 2)).toHaveLength(501);
    expect(back.filter((lead) => lead.leadPartitionId === 3)).toHaveLength(1);
  });
});
