import { expect, test } from './fixtures';
import { LeadFormPage } from './pages/lead-form-page';
import { uniqueEmail } from './support/test-data';

test('bursts of 606 and 611 are absorbed by the proxy and never reach the user', async ({
  page,
  emulator,
}) => {
  // After a 606 the proxy waits out Marketo's 20 s window before it tries again.
  test.setTimeout(60_000);
  const email = uniqueEmail('burst');
  const form = new LeadFormPage(page);
  await form.goto();
  await form.choose('Partition', 'Mexico');
  await form.fillLead(0, { email });
  await emulator.injectFault({ code: '611', count: 2, path: '/rest/v1/leads.json' });
  await emulator.injectFault({ code: '606', count: 1, path: '/rest/v1/leads.json' });
  await form.save.click();
  await expect(form.save).toHaveText('Saving…');
  await form.expectStatus(0, 'Created', { timeout: 40_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  const stats = await emulator.stats();
  expect(stats.errorsByCode['611']).toBe(2);
  expect(stats.errorsByCode['606']).toBe(1);
  expect((await emulator.leads()).filter((lead) => lead.email === email)).toHaveLength(1);
});

test('an exhausted daily quota says when it resets', async ({ page, emulator }) => {
  const form = new LeadFormPage(page);
  await form.goto();
  await form.choose('Partition', 'Canada');
  await form.fillLead(0, { email: uniqueEmail('quota') });
  await emulator.injectFault({ code: '607', count: 10 });
  await form.save.click();
  // The form's error and the app-wide quota banner may both say it; each names the reset time.
  const alerts = page.getByRole('alert').filter({ hasText: /quota is used up/i });
  await expect(alerts.first()).toBeVisible();
  for (const alert of await alerts.all()) await expect(alert).toContainText(/resets at \w{3}, \w{3} \d+/);
});
