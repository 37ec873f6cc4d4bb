// Marketo's "How to Specify Lead Partitions" walk-through, done by hand in the console.
import { expect, test } from './fixtures';
import { LeadFormPage } from './pages/lead-form-page';
import { LeadLookupPage } from './pages/lead-lookup-page';
import { PartitionsPage } from './pages/partitions-page';
import { uniqueEmail } from './support/test-data';

test('the partitions guide end to end: create two leads in Mexico, update them, find one, move it to Canada', async ({
  page,
  emulator,
}) => {
  const partitions = new PartitionsPage(page);
  const form = new LeadFormPage(page);
  const lookup = new LeadLookupPage(page);
  const emails = [uniqueEmail('enrique'), uniqueEmail('felipe')];

  await partitions.goto();
  await expect(partitions.heading).toBeVisible();
  for (const name of ['Default', 'Mexico', 'Canada']) await expect(partitions.row(name)).toBeVisible();

  // Create two leads in Mexico in one submit.
  await partitions.createLeadIn('Mexico');
  await expect(page.getByRole('combobox', { name: 'Partition' })).toHaveText('Mexico');
  await form.fillLead(0, { email: emails[0] });
  await form.fillLead(1, { email: emails[1] });
  await form.save.click();
  await form.expectStatus(0, 'Created');
  await form.expectStatus(1, 'Created');
  const ids = [await form.resultLeadId(0), await form.resultLeadId(1)];

  // Update both with first name, last name and title (same call, same partition).
  await form.fillLead(0, { firstName: 'Enrique', lastName: 'Pena Nieto', title: 'El Presidente' });
  await form.fillLead(1, { firstName: 'Felipe', lastName: 'Calderon', title: 'Ex Presidente' });
  await form.save.click();
  await form.expectStatus(0, 'Updated');
  await form.expectStatus(1, 'Updated');

  // Look one up by id and see Mexico.
  await lookup.goto();
  await lookup.search(String(ids[0]));
  await expect(lookup.heading(`Lead ${ids[0]}`)).toBeVisible();
  await expect(lookup.partition).toContainText('Mexico (id 2)');
  await expect(page.getByText('El Presidente')).toBeVisible();

  // Move it to Canada and see Canada.
  await lookup.moveTo('Canada');
  await expect(page.getByRole('dialog').getByText(`Lead ${ids[0]} now lives in Canada.`)).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(lookup.partition).toContainText('Canada (id 3)');

  // And Marketo (the emulator) agrees, with each lead written exactly once.
  const stored = (await emulator.leads()).filter((lead) => emails.includes(String(lead.email)));
  expect(stored.map((lead) => [lead.email, lead.leadPartitionId, lead.firstName])).toEqual([
    [emails[0], 3, 'Enrique'],
    [emails[1], 2, 'Felipe'],
  ]);
});
