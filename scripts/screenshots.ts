// `npm run screenshots`: starts the console against an in-memory emulator, walks the partitions guide in
// Chromium and saves one picture per page to e2e/screenshots/ for the README.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { findChromium } from './chromium.mjs';

const port = 8282;
const origin = `http://127.0.0.1:${port}`;
const outDir = 'e2e/screenshots';

async function waitForHealth(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('The console did not start within 60 s');
}

async function signInIfAsked(page: Page): Promise<void> {
  await page.goto(`${origin}/partitions`);
  const email = page.getByLabel('Email');
  if (
    !(await page
      .getByRole('button', { name: /sign in/i })
      .isVisible({ timeout: 3000 })
      .catch(() => false))
  ) {
    return;
  }
  await email.fill(process.env.SCREENSHOT_EMAIL ?? 'admin@example.com');
  await page.getByLabel('Password').fill(process.env.SCREENSHOT_PASSWORD ?? 'partition-demo-2026');
  await page.getByRole('button', { name: /sign in/i }).click();
}

async function shoot(page: Page, path: string, name: string, ready: string): Promise<void> {
  await page.goto(`${origin}${path}`);
  await page.getByRole('heading', { name: ready, level: 1 }).waitFor();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${outDir}/${name}.png` });
  console.log(`saved ${outDir}/${name}.png`);
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      EMULATOR_PORT: '4012',
      EMULATOR_DB_FILE: ':memory:',
      LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  });
  try {
    await waitForHealth(Date.now() + 60_000);
    const browser = await chromium.launch({
      executablePath: findChromium({ install: false }),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' });
    await signInIfAsked(page);
    await shoot(page, '/partitions', 'partitions', 'Partitions');
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
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${outDir}/lead-form.png`, fullPage: true });
    console.log(`saved ${outDir}/lead-form.png`);
    await shoot(page, '/leads/318816', 'lead-lookup', 'Lead 318816');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot(page, '/partitions', 'partitions-dark', 'Partitions');
    await browser.close();
  } finally {
    server.kill('SIGTERM');
  }
}

await main();
