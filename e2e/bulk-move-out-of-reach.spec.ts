// A bulk move by an editor granted Mexico and Canada only: emails of leads in Default (out of their reach) read
// exactly as emails nobody has, are never moved, and never show where they live; an email shared by a Mexico lead
// and a Default lead is the Mexico lead's alone; the move and its undo leave Default untouched.
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { DEMO_PASSWORD } from './support/accounts';
import { expect, test } from './fixtures';

const [DEFAULT, MEXICO, CANADA] = [1, 2, 3];

/** Calls the console's own API as the signed-in page, with its CSRF token. */
async function post(page: Page, path: string, data: unknown): Promise<void> {
  const session = await page.request.get('/api/session');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.post(path, { headers: { 'x-csrf-token': csrfToken }, data });
  expect(response.ok(), await response.text()).toBe(true);
}

test('an editor’s bulk move leaves leads out of reach alone and unnamed', async ({
  page,
  browser,
  emulator,
}) => {
  test.setTimeout(120_000);
  const tag = `oor${Date.now().toString(36)}`;
  const mexico = Array.from({ length: 20 }, (_unused, n) => `m-${n}@${tag}.mx`);
  const hidden = Array.from({ length: 5 }, (_unused, n) => `d-${n}@${tag}.mx`);
  await page.goto('/moves');
  await post(page, '/api/leads', {
    partitionName: 'Mexico',
    action: 'createOnly',
    leads: mexico.map((email) => ({ email })),
  });
  await post(page, '/api/leads', {
    partitionName: 'Default',
    action: 'createOnly',
    leads: hidden.map((email) => ({ email })),
  });
  for (const partitionName of ['Mexico', 'Default']) {
    await post(page, '/api/leads', {
      partitionName,
      action: 'createDuplicate',
      leads: [{ email: `shared@${tag}.mx` }],
    });
  }
  const editor = { email: `${tag}.editor@example.com`, password: `${randomUUID()}-long` };
  await post(page, '/api/users', {
    ...editor,
    name: 'North America Editor',
    role: 'editor',
    partitions: [MEXICO, CANADA],
  });
  expect(editor.password).not.toBe(DEMO_PASSWORD);

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const signedIn = await context.request.post('/api/session', { data: editor });
    expect(signedIn.ok()).toBe(true);
    const own = await context.newPage();
    await own.goto('/moves');
    await own
      .getByLabel('One per line')
      .fill([...mexico, ...hidden, `shared@${tag}.mx`, `nobody@${tag}.mx`].join('\n'));
    await own.getByRole('combobox', { name: 'Move to partition' }).click();
    await own.getByRole('option', { name: 'Canada' }).click();
    await own.getByRole('button', { name: 'Preview' }).click();

    const counts = own.getByRole('group', { name: 'Move counts' });
    await expect(counts).toContainText('Ready21', { timeout: 30_000 });
    // Five in Default and one nobody has: the same words for both.
    await expect(counts).toContainText('Not found6');
    await expect(counts).not.toContainText('Several leads');
    await expect(own.getByText('Ready to move: 21 from Mexico')).toBeVisible();
    await expect(own.getByText('Default')).toHaveCount(0);

    await own.getByRole('button', { name: 'Move 21 leads to Canada' }).click();
    await expect(own.getByText('Completed', { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(counts).toContainText('Moved21');
    await own.getByRole('combobox', { name: 'Show' }).click();
    await own.getByRole('option', { name: 'Not found' }).click();
    const results = own.getByRole('table', { name: 'Results' });
    await expect(results.getByRole('row')).toHaveCount(7);
    for (const email of hidden) await expect(results).toContainText(email);
    await expect(results).not.toContainText('Default');

    const where = async () => {
      const leads = (await emulator.leads()).filter((lead) => String(lead.email).endsWith(`@${tag}.mx`));
      const count = (partition: number) => leads.filter((lead) => lead.leadPartitionId === partition).length;
      return { default: count(DEFAULT), mexico: count(MEXICO), canada: count(CANADA) };
    };
    expect(await where()).toEqual({ default: 6, mexico: 0, canada: 21 });

    await own.getByRole('button', { name: /^Undo \(until / }).click();
    await expect(own.getByRole('heading', { name: 'Undo of a move to Canada', level: 1 })).toBeVisible();
    await expect(own.getByRole('group', { name: 'Move counts' })).toContainText('Moved21', {
      timeout: 60_000,
    });
    expect(await where()).toEqual({ default: 6, mexico: 21, canada: 0 });
  } finally {
    await context.close();
  }
});
