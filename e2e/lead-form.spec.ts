import { expect, test } from './fixtures';
import { LeadFormPage } from './pages/lead-form-page';

test('createOnly on an existing email is skipped, with a link to the lead that exists', async ({
  page,
  emulator,
}) => {
  const [existing] = await emulator.leads();
  const form = new LeadFormPage(page);
  await form.goto();
  await form.choose('Partition', 'Default');
  await form.choose('Action', 'Create only');
  await form.fillLead(0, { email: String(existing?.email), firstName: 'Duplicate' });
  await form.save.click();
  await form.expectStatus(0, 'Skipped');
  await expect(form.result(0)).toContainText(/already exists/i);
  await form
    .result(0)
    .getByRole('link', { name: /open the existing lead/i })
    .click();
  // The skipped lead was not saved, so leaving the form asks first.
  const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
  await leave.getByRole('button', { name: 'Leave' }).click();
  await expect(page).toHaveURL(/\/leads\/\d+$/);
});

test('bad input is shown inline and nothing is sent', async ({ page, emulator }) => {
  const before = (await emulator.stats()).calls;
  const form = new LeadFormPage(page);
  await form.goto();
  await form.choose('Partition', 'Mexico');
  await form.fillLead(0, { email: 'not-an-email' });
  await form.save.click();
  await expect(form.leadGroup(0).getByText(/not a valid email/i)).toBeVisible();
  const after = (await emulator.stats()).calls;
  // Loading the form reads partitions and fields at most once each; the write never happens.
  expect(after - before).toBeLessThanOrEqual(2);
  expect((await emulator.leads()).some((lead) => lead.email === 'not-an-email')).toBe(false);
});

test('a double click on Save creates the lead once and reports it created, not "already exists"', async ({
  page,
  emulator,
}) => {
  const email = `double-click-${Date.now()}@example.com`;
  const form = new LeadFormPage(page);
  await form.goto();
  await form.choose('Partition', 'Default');
  await form.choose('Action', 'Create only');
  await form.fillLead(0, { email });
  await form.save.dblclick();
  await form.expectStatus(0, 'Created');
  await expect(form.result(0)).not.toContainText(/already exists/i);
  expect((await emulator.leads()).filter((lead) => lead.email === email)).toHaveLength(1);
});
