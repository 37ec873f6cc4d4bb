// `npm run screenshots`: starts the console against an in-memory emulator, walks the partitions guide in
// Chromium and saves one picture per page to e2e/screenshots/ for the README, then the main pages in Spanish and
// French (screenshots-languages.ts). `npm run screenshots -- languages` makes only those.
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { launchChromium, signInIfAsked, startConsole } from './console-browser';
import { shootLanguages } from './screenshots-languages';

const outDir = 'e2e/screenshots';

async function save(page: Page, name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${outDir}/${name}.png`, fullPage });
  console.log(`saved ${outDir}/${name}.png`);
}

async function shoot(page: Page, url: string, name: string, heading: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  await save(page, name);
}

async function main(onlyLanguages: boolean): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const app = await startConsole();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' });
    await signInIfAsked(page, app.origin);
    if (!onlyLanguages) await shootEnglish(page, app.origin);
    await shootLanguages(browser, app.origin, await page.context().storageState(), save);
  } finally {
    await browser.close();
    app.stop();
  }
}

/** The guide's pages in English, then the partitions page in the dark scheme. */
async function shootEnglish(page: Page, origin: string): Promise<void> {
  await shoot(page, `${origin}/partitions`, 'partitions', 'Partitions');
  await page.goto(`${origin}/leads/new?partition=Mexico`);
  await page
    .getByRole('group', { name: 'Lead 1' })
    .getByLabel('Email', { exact: true })
    .fill('enrique@gob.mx');
  await page.getByRole('button', { name: /add lead/i }).click();
  await page
    .getByRole('group', { name: 'Lead 2' })
    .getByLabel('Email', { exact: true })
    .fill('felipe@gob.mx');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { name: 'Results' }).waitFor();
  await save(page, 'lead-form', true);
  await shoot(page, `${origin}/leads/318816`, 'lead-lookup', 'Lead 318816');
  await page.goto(`${origin}/imports?partition=Mexico`);
  await page.getByLabel('CSV file', { exact: true }).setInputFiles('public/samples/trade-show-mexico.csv');
  await page.getByText(/rows ready to import/).waitFor();
  await save(page, 'import', true);
  await page.getByRole('button', { name: /^Start import \(/ }).click();
  await page.getByText(/^Import finished/).waitFor();
  await save(page, 'import-results', true);
  await page.emulateMedia({ colorScheme: 'dark' });
  await shoot(page, `${origin}/partitions`, 'partitions-dark', 'Partitions');
  await page.emulateMedia({ colorScheme: 'light' });
}

await main(process.argv.includes('languages'));
