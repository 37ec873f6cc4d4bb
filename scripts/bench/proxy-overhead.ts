// What the proxy adds to a lead read: GET /api/leads/:id through the proxy against the same Marketo call made
// straight to the emulator, alternating the two so drift hits both alike. Everything runs in this one process, so
// each request's CPU time (all threads, from getrusage) is what it cost; unlike its latency, that does not grow
// while other processes hold the machine's cores, so it is reported beside the latency as the steadier figure.
import { performance } from 'node:perf_hooks';
import { startTestStack } from '../../server/test-helpers';
import { ms, quantile, type Benchmark } from './benchmark';
import { PROXY_P50_BUDGET_RATIO, verdict } from './lean-budget';

// Enough warm-up for V8 to optimise both paths, and enough samples for a p50 that holds still on a busy machine.
const WARM_UP = 300;
const SAMPLES = 2000;
const LEAD_ID = 318816;
const FIELDS = 'email,firstName,lastName';

interface Sample {
  ms: number;
  cpuMs: number;
}

async function timed(url: string, init?: RequestInit): Promise<Sample> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return { ms, cpuMs: (user + system) / 1000 };
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
      const directSamples: Sample[] = [];
      const proxySamples: Sample[] = [];
      for (let i = 0; i < SAMPLES; i += 1) {
        if (i % 2 === 0) {
          directSamples.push(await direct());
          proxySamples.push(await proxied());
        } else {
          proxySamples.push(await proxied());
          directSamples.push(await direct());
        }
      }
      const row = (label: string, q: number, pick: (sample: Sample) => number) => {
        const d = quantile(directSamples.map(pick), q);
        const p = quantile(proxySamples.map(pick), q);
        return `${label}: proxy ${ms(p)} vs direct ${ms(d)}  → ×${(p / d).toFixed(2)} (+${ms(p - d)})`;
      };
      const latency = (sample: Sample) => sample.ms;
      const cpuTime = (sample: Sample) => sample.cpuMs;
      const p50Ratio = quantile(proxySamples.map(latency), 0.5) / quantile(directSamples.map(latency), 0.5);
      return [
        `${verdict(p50Ratio <= PROXY_P50_BUDGET_RATIO)} proxy p50 ×${p50Ratio.toFixed(2)} of the direct call (budget ×${PROXY_P50_BUDGET_RATIO.toFixed(2)})`,
        `GET /api/leads/:id vs GET /rest/v1/lead/{id}.json, ${SAMPLES} sequential requests each (after ${WARM_UP} warm-up)`,
        row('p50', 0.5, latency),
        row('p99', 0.99, latency),
        row('CPU p50', 0.5, cpuTime),
      ];
    } finally {
      await stack.close();
    }
  },
};
