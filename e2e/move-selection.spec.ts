import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Calls the console's own API as the signed-in page, with its CSRF token. */
async function post(page: Page, path: string, data: unknown): Promise<void> {
  const session = await page.request.get('/api/session');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.post(path, { headers: { 'x-csrf-token': csrfToken }, data });
  expect(response.ok(), await response.text()).toBe(true);
}

test.describe('moving leads selected in the lookup', () => {
  test('on a phone: tick two leads of one email, preview the move, start it', async ({
    page,
    emulator,
    checkA11y,
  }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 390, height: 844 });
    const email = `pick-${Date.now().toString(36)}@select.mx`;
    await page.goto('/leads');
    for (const partitionName of ['Mexico', 'Canada', 'Default']) {
      await post(page, '/api/leads', { partitionName, action: 'createDuplicate', leads: [{ email }] });
    }
    const leads = (await emulator.leads()).filter((lead) => lead.email === email);
    const [mexico, canada, stays] = [2, 3, 1].map((id) => leads.find((lead) => lead.leadPartitionId === id)!);

    await page.goto(`/leads?email=${encodeURIComponent(email)}`);
    await page.getByRole('checkbox', { name: `Select lead ${mexico!.id}` }).check();
    await page.getByRole('checkbox', { name: `Select lead ${canada!.id}` }).check();
    const bar = page.getByRole('region', { name: 'Move selected leads' });
    await expect(bar.getByRole('status')).toHaveText('2 leads selected');
    await bar.getByRole('combobox', { name: 'Move to partition' }).click();
    await page.getByRole('option', { name: 'Default' }).click();
    await checkA11y();
    await bar.getByRole('button', { name: 'Move 2 leads' }).click();

    await expect(page.getByRole('heading', { name: 'Move to Default', level: 1 })).toBeVisible();
    const counts = page.getByRole('group', { name: 'Move counts' });
    await expect(counts).toContainText('Ready2', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Move 2 leads to Default' }).click();
    await expect(counts).toContainText('Moved2', { timeout: 30_000 });
    const after = (await emulator.leads()).filter((lead) => lead.email === email);
    expect(after.map((lead) => lead.leadPartitionId)).toEqual([1, 1, 1]);
    expect(after.map((lead) => lead.id).sort()).toEqual([mexico!.id, canada!.id, stays!.id].sort());
  });
});
