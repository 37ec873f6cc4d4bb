import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { chooseE2ePorts } from './support/ports';

// Free ports (see support/ports.ts), so no console already running anywhere gets in the way.
const ports = chooseE2ePorts();

const E2E_WEB_DIR = 'dist/web-e2e';

/** $PLAYWRIGHT_CHROMIUM_EXECUTABLE, then Debian's chromium, then Playwright's own browser. */
function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (fromEnv) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: '../test-results',
  use: {
    baseURL: `http://127.0.0.1:${ports.proxy}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1366, height: 860 },
        launchOptions: {
          executablePath: chromiumExecutable(),
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    // The console exactly as `npm start` runs it in emulator mode, with the emulator in memory on the
    // port the specs' emulator control reaches. Its SPA is the production build plus the pseudo-locale
    // (VITE_PSEUDO_LOCALE, src/i18n/locales.ts), built into a folder of its own so a production dist/web
    // never has it.
    command: `npx vite build --logLevel warn --outDir ${E2E_WEB_DIR} --emptyOutDir && node --import tsx server/index.ts`,
    cwd: '..',
    url: `http://127.0.0.1:${ports.proxy}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      VITE_PSEUDO_LOCALE: 'on',
      DIST_DIR: E2E_WEB_DIR,
      PORT: String(ports.proxy),
      HOST: '127.0.0.1',
      EMULATOR_PORT: String(ports.emulator),
      EMULATOR_DB_FILE: ':memory:',
      CONSOLE_DB_FILE: ':memory:',
      LOG_LEVEL: 'warn',
    },
  },
});
