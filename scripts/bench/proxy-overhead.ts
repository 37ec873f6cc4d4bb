// What the proxy adds to a lead read: GET /api/leads/:id through the proxy against the same Marketo call made
// straight to the emulator, alternating the two so drift hits both alike.
import { performance } from 'node:perf_hooks';
import { startTestStack } from '../../server/test-helpers';
import { ms, quantile, type Benchmark } from './benchmark';
import { PROXY_P50_BUDGET_RATIO, verdict } from './lean-budget';

const WARM_UP = 50;
const SAMPLES = 500;
const LEAD_ID = 318816;
const FIELDS = 'email,firstName,lastName';

async function timed(url: string, init?: RequestInit): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return performance.now() - started;
}

export const benchmark: Benchmark = {
  name: 'proxy overhead',
  async run() {
    // Limits raised on both sides: this measures latency, not the rate budget.
    const stack = await startTestStack({
      listen: true,
      logLevel: 'warn',
      emulator: { callsPer20s: 1_000_000, maxConcurrent: 100, dailyQuota: 10_000_000 },
      client: { callsPer20s: 1_000_000, maxConcurrent: 10 },
    });
    try {
      const { origin, clientId, clientSecret } = stack.emulator;
      const query = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      });
      const token = (
        (await (await fetch(`${origin}/identity/oauth/token?${query}`)).json()) as { access_token: string }
      ).access_token;
      const direct = () =>
        timed(`${origin}/rest/v1/lead/${LEAD_ID}.json?fields=${FIELDS},leadPartitionId`, {
          headers: { authorization: `Bearer ${token}` },
        });
      // Signed in as an admin granted all partitions, as a user of the console is.
      const proxied = () =>
        timed(`${stack.origin}/api/leads/${LEAD_ID}?fields=${FIELDS}`, { headers: stack.api.headers });

      for (let i = 0; i < WARM_UP; i += 1) {
        await direct();
        await proxied();
      }
      const directMs: number[] = [];
      const proxyMs: number[] = [];
      for (let i = 0; i < SAMPLES; i += 1) {
        if (i % 2 === 0) {
          directMs.push(await direct());
          proxyMs.push(await proxied());
        } else {
          proxyMs.push(await proxied());
          directMs.push(await direct());
        }
      }
      const row = (label: string, q: number) => {
        const d = quantile(directMs, q);
        const p = quantile(proxyMs, q);
        return `${label}: proxy ${ms(p)} vs direct ${ms(d)}  → ×${(p / d).toFixed(2)} (+${ms(p - d)})`;
      };
      const p50Ratio = quantile(proxyMs, 0.5) / quantile(directMs, 0.5);
      return [
        `${verdict(p50Ratio <= PROXY_P50_BUDGET_RATIO)} proxy p50 ×${p50Ratio.toFixed(2)} of the direct call (budget ×${PROXY_P50_BUDGET_RATIO.toFixed(2)})`,
        `GET /api/leads/:id vs GET /rest/v1/lead/{id}.json, ${SAMPLES} sequential requests each (after ${WARM_UP} warm-up)`,
        row('p50', 0.5),
        row('p99', 0.99),
      ];
    } finally {
      await stack.close();
    }
  },
};
