// Every main page in the pseudo-locale, on a laptop and on a phone: no text left outside the messages, and no
// layout broken by text 40 % longer (issue 16). Allowed outside the marks: data (partitions, Marketo field names,
// users, leads, the sample file), numbers, dates and punctuation.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signInThroughForm } from './support/accounts';
import { choosePseudoLocale, dataWords, inspectPage } from './support/pseudo-locale';

const SAMPLE_FILE = 'public/samples/trade-show-mexico.csv';
const SAMPLE_TEXT = readFileSync(SAMPLE_FILE, 'utf8');
const LEAD_ID = 318801;

const viewports = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];

async function expectTranslatedAndWhole(page: Page, where: string, extra: string[] = []): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toContainText('⟦');
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const lead = JSON.stringify(await (await page.request.get(`/api/leads/${LEAD_ID}`)).json());
  const findings = await inspectPage(page, await dataWords(page.request, [lead, SAMPLE_TEXT, ...extra]));
  expect({ where, ...findings }).toEqual({ where, untranslated: [], layout: [] });
}

for (const viewport of viewports) {
  test.describe(`in the pseudo-locale at ${viewport.width} px`, () => {
    // Signed in through the form, not with the worker's cached session: this test signs out, which ends it.
    test.use({ viewport: { width: viewport.width, height: viewport.height }, account: null });

    test('every main page speaks only through messages and keeps its layout', async ({ page }) => {
      test.setTimeout(150_000);
      await page.goto('/sign-in');
      await signInThroughForm(page, 'admin');
      await page.goto('/partitions');
      await choosePseudoLocale(page);

      // Signed out, the sign-in page keeps the language of who just left; then back in for the other pages.
      // Sign out is the top bar's last button, at every width (its words are in the pseudo-locale by now).
      await page.getByRole('banner').getByRole('button').last().click();
      await expect(page).toHaveURL(/\/sign-in/);
      await expect(page.locator('input[name="password"]')).toBeVisible();
      await expectTranslatedAndWhole(page, '/sign-in');
      await signInThroughForm(page, 'admin');

      for (const path of [
        '/partitions',
        '/leads/new',
        '/leads',
        `/leads/${LEAD_ID}`,
        '/activity',
        '/admin/users',
        '/moves',
      ]) {
        await page.goto(path);
        await expectTranslatedAndWhole(page, path);
      }

      // The import wizard with a file read and checked, then the finished job with its results.
      await page.goto('/imports?partition=Mexico');
      await expectTranslatedAndWhole(page, '/imports');
      await page.locator('input[type="file"]').setInputFiles(SAMPLE_FILE);
      const start = page.getByRole('button', { name: /^⟦Šţáŕţ~* íɱþóŕţ/ });
      await expect(start).toBeEnabled({ timeout: 60_000 });
      await expectTranslatedAndWhole(page, '/imports with the sample file', ['trade-show-mexico.csv']);
      await start.click();
      await expect(page).toHaveURL(/\/imports\/[\w-]+$/);
      // "Import finished", accented and lengthened.
      await expect(page.getByText(/^⟦Íɱþóŕţ~* ƒíñíšĥéð/)).toBeVisible({ timeout: 60_000 });
      await expect(page.getByRole('table', { name: /^⟦/ }).last()).toBeVisible();
      await expectTranslatedAndWhole(page, 'the import job', ['trade-show-mexico.csv']);

      // A bulk move previewed (never started: the lead stays where the other pages expect it). Found by the form's
      // structure, since every name on it is in the pseudo-locale.
      await page.goto('/moves');
      const form = page.locator('form');
      await form.locator('textarea').first().fill(`${LEAD_ID}\n999999999`);
      await form.getByRole('combobox').first().click();
      await page.getByRole('option', { name: 'Canada' }).click();
      await form.locator('button[type="submit"]').click();
      await expect(page).toHaveURL(/\/moves\/[\w-]+$/);
      await expect(page.getByRole('group', { name: /^⟦/ }).first()).toBeVisible({ timeout: 30_000 });
      await expectTranslatedAndWhole(page, 'a bulk move previewed');
    });
  });
}
