import { expect, test } from './fixtures';
import { LeadLookupPage } from './pages/lead-lookup-page';
import type { EmulatorLead } from './support/emulator-control';

/** The seed holds one email used by two leads (matched case-insensitively, as Marketo does). */
function duplicatedEmail(leads: EmulatorLead[]): { email: string; ids: number[] } {
  const byEmail = new Map<string, number[]>();
  for (const lead of leads) {
    const email = lead.email?.toLowerCase();
    if (email) byEmail.set(email, [...(byEmail.get(email) ?? []), lead.id]);
  }
  const found = [...byEmail].find(([, ids]) => ids.length > 1);
  if (!found) throw new Error('The emulator seed has no duplicated email');
  return { email: found[0], ids: found[1] };
}

test('an unknown id says so plainly', async ({ page }) => {
  const lookup = new LeadLookupPage(page);
  await lookup.goto(999999);
  await expect(lookup.heading('No lead with id 999999')).toBeVisible();
});

test('a deep link to a lead survives a reload', async ({ page, emulator }) => {
  const [seeded] = (await emulator.leads()).filter((lead) => lead.leadPartitionId === 3);
  expect(seeded).toBeDefined();
  const lookup = new LeadLookupPage(page);
  await lookup.goto(seeded?.id);
  await expect(lookup.partition).toContainText('Canada (id 3)');
  await page.reload();
  await expect(lookup.heading(`Lead ${seeded?.id}`)).toBeVisible();
});

test('an email search lists every match with its partition', async ({ page, emulator }) => {
  const { email, ids } = duplicatedEmail(await emulator.leads());
  const lookup = new LeadLookupPage(page);
  await lookup.goto();
  await lookup.search(email);
  const table = page.getByRole('table', { name: `Leads with email ${email}` });
  await expect(table.getByRole('row')).toHaveCount(ids.length + 1);
  for (const id of ids) await expect(table.getByRole('link', { name: String(id) })).toBeVisible();
});
