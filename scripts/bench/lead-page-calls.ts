// Issue budget: opening a lead's page costs exactly one proxy call when partitions are cached. Measured in
// Chromium against the real console: every /api request the page makes after an in-app navigation is counted.
import { launchChromium, signInIfAsked, startConsole } from '../console-browser';
import type { Benchmark } from './benchmark';

const LEAD_ID = 318816;

export const benchmark: Benchmark = {
  name: 'lead page calls',
  async run() {
    const app = await startConsole();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await signInIfAsked(page, app.origin);
      // The partitions page fills the cache; then the user looks a lead up without reloading the app.
      await page.getByRole('grid', { name: 'Partitions' }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Look up' }).click();
      await page.getByLabel('Lead id or email').waitFor();
      const calls: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname.startsWith('/api/')) calls.push(`${request.method()} ${url.pathname}${url.search}`);
      });
      await page.getByLabel('Lead id or email').fill(String(LEAD_ID));
      await page.getByRole('button', { name: 'Look up', exact: true }).click();
      await page.getByText(/^Partition:/).waitFor();
      await page.waitForTimeout(1000);
      // The shell's periodic /api/status refresh is not part of opening the page.
      const pageCalls = calls.filter((call) => !call.startsWith('GET /api/status'));
      const lines = [
        `${pageCalls.length === 1 ? 'PASS' : 'FAIL'} proxy calls to open /leads/${LEAD_ID} with partitions cached: ${pageCalls.length} (budget 1)`,
        ...pageCalls.map((call) => `       ${call}`),
      ];
      if (pageCalls.length !== 1) throw new Error(lines.join('\n'));
      return lines;
    } finally {
      await browser.close();
      app.stop();
    }
  },
};
