// What the console spends of Marketo's budget: upstream calls per 1,000 leads written (cold and warm catalogue),
// per lead page opened, and identity calls over the whole run.
import { startTestStack, type TestStack } from '../../server/test-helpers';
import type { Benchmark } from './benchmark';

const LEADS = 1000;

async function calls(stack: TestStack): Promise<number> {
  return (await stack.control.stats()).calls;
}

async function writeLeads(stack: TestStack, batch: string): Promise<number> {
  const before = await calls(stack);
  const leads = Array.from({ length: LEADS }, (_, n) => ({
    email: `bench-${batch}-${n}@example.com`,
    firstName: 'Bench',
  }));
  const response = await stack.api.inject({
    method: 'POST',
    url: '/api/leads',
    payload: { partitionName: 'Mexico', leads },
  });
  if (response.statusCode !== 200)
    throw new Error(`write failed: HTTP ${response.statusCode} ${response.body}`);
  return (await calls(stack)) - before;
}

export const benchmark: Benchmark = {
  name: 'upstream cost',
  async run() {
    // The production budget (50 calls / 20 s, 5 concurrent): the numbers must hold under it.
    const stack = await startTestStack({ logLevel: 'warn' });
    try {
      const cold = await writeLeads(stack, 'cold');
      const warm = await writeLeads(stack, 'warm');
      const before = await calls(stack);
      const page = await stack.api.inject(`/api/leads/318816`);
      if (page.statusCode !== 200) throw new Error(`lead page failed: HTTP ${page.statusCode}`);
      const leadPage = (await calls(stack)) - before;
      const stats = await stack.control.stats();
      return [
        `upstream calls per ${LEADS.toLocaleString('en-US')} leads written: ${warm} (catalogue cached), ${cold} (cold start: + partitions and fields)`,
        `upstream calls per lead page opened (partitions cached): ${leadPage}`,
        `identity calls per run: ${stats.identityCalls} (for ${stats.calls} REST calls)`,
        `peak upstream concurrency ${stats.maxConcurrent}, peak calls in 20 s ${stats.maxCallsIn20s}`,
      ];
    } finally {
      await stack.close();
    }
  },
};
