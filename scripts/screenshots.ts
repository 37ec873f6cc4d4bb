// `npm run screenshots`: starts the console against an in-memory emulator, walks the partitions guide in
// Chromium and saves one picture per page to e2e/screenshots/ for the README.
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { launchChromium, signInIfAsked, startConsole } from './console-browser';

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

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const app = await startConsole();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' });
    await signInIfAsked(page, app.origin);
    await shoot(page, `${app.origin}/partitions`, 'partitions', 'Partitions');
    await page.goto(`${app.origin}/leads/new?partition=Mexico`);
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
    await shoot(page, `${app.origin}/leads/318816`, 'lead-lookup', 'Lead 318816');
    await page.goto(`${app.origin}/imports?partition=Mexico`);
    await page.getByLabel('CSV file', { exact: true }).setInputFiles('public/samples/trade-show-mexico.csv');
    await page.getByText(/rows ready to import/).waitFor();
    await save(page, 'import', true);
    await page.getByRole('button', { name: /^Start import \(/ }).click();
    await page.getByText(/^Import finished/).waitFor();
    await save(page, 'import-results', true);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot(page, `${app.origin}/partitions`, 'partitions-dark', 'Partitions');
  } finally {
    await browser.close();
    app.stop();
  }
}

await main();
