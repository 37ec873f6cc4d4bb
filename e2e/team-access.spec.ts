// Issue: signed in as the Mexico editor, nothing in the UI or the API reveals or changes a lead outside Mexico,
// and every write shows up in the Activity page with the right user.
import { expect, test } from './fixtures';
import { ActivityPage } from './pages/activity-page';
import { LeadFormPage } from './pages/lead-form-page';
import { LeadLookupPage } from './pages/lead-lookup-page';
import { PartitionsPage } from './pages/partitions-page';
import { SignInPage } from './pages/sign-in-page';
import { ACCOUNTS, DEMO_PASSWORD } from './support/accounts';
import { uniqueEmail } from './support/test-data';

test.describe('the Mexico editor', () => {
  test.use({ account: 'mexicoEditor' });

  test('sees only Mexico, and is offered only Mexico to write into', async ({ page }) => {
    const partitions = new PartitionsPage(page);
    await partitions.goto();
    await expect(partitions.row('Mexico')).toBeVisible();
    await expect(partitions.grid.getByRole('row')).toHaveCount(2);
    const form = new LeadFormPage(page);
    await form.goto();
    await page.getByRole('combobox', { name: 'Partition' }).click();
    await expect(page.getByRole('option')).toHaveText(['Mexico']);
  });

  test('is refused a crafted write into Canada before Marketo hears of it', async ({ page, emulator }) => {
    await page.goto('/partitions');
    const session = await page.request.get('/api/session');
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const before = (await emulator.stats()).calls;
    const response = await page.request.post('/api/leads', {
      headers: { 'x-csrf-token': csrfToken },
      data: { partitionName: 'Canada', leads: [{ email: uniqueEmail('crafted') }] },
    });
    expect(response.status()).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await emulator.stats()).calls).toBe(before);
  });

  test("finds a Canada lead's id not found, exactly like a missing one", async ({ page, emulator }) => {
    const canada = (await emulator.leads()).find((lead) => lead.leadPartitionId === 3);
    expect(canada).toBeDefined();
    const missingId = 999_999;
    const lookup = new LeadLookupPage(page);
    const main = page.getByRole('main');

    await lookup.goto(missingId);
    await expect(lookup.heading(`No lead with id ${missingId}`)).toBeVisible();
    const missingText = (await main.innerText()).replaceAll(String(missingId), 'N');

    await lookup.goto(canada?.id);
    await expect(lookup.heading(`No lead with id ${canada?.id}`)).toBeVisible();
    expect((await main.innerText()).replaceAll(String(canada?.id), 'N')).toBe(missingText);
    await expect(page.getByText(String(canada?.email))).toHaveCount(0);
  });

  test('writes into Mexico, and the admin sees it in the Activity page', async ({
    page,
    browser,
    sessions,
  }) => {
    const email = uniqueEmail('audited');
    const form = new LeadFormPage(page);
    await form.goto();
    await form.choose('Partition', 'Mexico');
    await form.fillLead(0, { email });
    await form.save.click();
    await form.expectStatus(0, 'Created');
    const id = await form.resultLeadId(0);

    // The admin, in a browser context of their own, alongside the editor's.
    const admin = await browser.newPage({ storageState: await sessions.get('admin') });
    const activity = new ActivityPage(admin);
    await activity.goto();
    await activity.filterByUser(ACCOUNTS.mexicoEditor);
    // Lead ids restart with the emulator each test, while the console's trail keeps earlier tests' imports.
    const row = activity
      .rowsBy(ACCOUNTS.mexicoEditor)
      .filter({ hasText: 'Created/updated leads' })
      .filter({ hasText: String(id) });
    await expect(row).toBeVisible();
    await expect(row).toContainText('Mexico');
    await admin.close();
  });
});

test.describe('signing in', () => {
  test.use({ account: null });

  test('a signed-out visitor is sent to sign in and comes back to the page they wanted', async ({ page }) => {
    await page.goto('/leads/318816');
    await expect(page).toHaveURL(/\/sign-in/);
    await new SignInPage(page).signIn(ACCOUNTS.admin, DEMO_PASSWORD);
    await expect(page.getByRole('heading', { name: 'Lead 318816', level: 1 })).toBeVisible();
  });

  test('a wrong password says so without saying which part was wrong', async ({ page, checkA11y }) => {
    await page.goto('/sign-in');
    await new SignInPage(page).signIn(ACCOUNTS.canadaViewer, 'not-the-password');
    await expect(page.getByRole('alert')).toContainText(/email or password/i);
    await checkA11y();
  });
});

test.describe('the Canada viewer', () => {
  test.use({ account: 'canadaViewer' });

  test('can look leads up but is offered no way to change them', async ({ page }) => {
    const partitions = new PartitionsPage(page);
    await partitions.goto();
    await expect(partitions.row('Canada')).toBeVisible();
    await expect(page.getByRole('link', { name: /create lead here/i })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'New lead' })).toHaveCount(0);
    await page.goto('/leads/new');
    await expect(page.getByText('Your account can look leads up but not change them')).toBeVisible();
  });
});

test.describe('admin pages', () => {
  for (const { path, heading } of [
    { path: '/admin/users', heading: 'Users' },
    { path: '/activity', heading: 'Activity' },
  ]) {
    test(`${path} has no serious or critical accessibility violations`, async ({ page, checkA11y }) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
      await checkA11y();
    });
  }
});
