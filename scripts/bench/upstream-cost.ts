// What the console spends of Marketo's budget: upstream calls per 1,000 leads written (cold and warm catalogue; by
// a user granted every partition and by one granted Mexico only; createOrUpdate and createOnly), per lead page
// opened, and identity calls over the whole run.
import { startTestStack, type ApiClient, type TestStack } from '../../server/test-helpers';
import type { Benchmark } from './benchmark';

const LEADS = 1000;
/** Sync calls per write of LEADS: Marketo takes 300 records per call. */
const BATCHES = Math.ceil(LEADS / 300);

async function calls(stack: TestStack): Promise<number> {
  return (await stack.control.stats()).calls;
}

async function writeLeads(
  stack: TestStack,
  batch: string,
  client: ApiClient = stack.api,
  action = 'createOrUpdate',
): Promise<number> {
  const before = await calls(stack);
  const leads = Array.from({ length: LEADS }, (_, n) => ({
    email: `bench-${batch}-${n}@example.com`,
    firstName: 'Bench',
  }));
  const response = await client.inject({
    method: 'POST',
    url: '/api/leads',
    payload: { partitionName: 'Mexico', action, leads },
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
      const createOnly = await writeLeads(stack, 'create-only', stack.api, 'createOnly');
      const editor = await stack.signIn({ role: 'editor', partitions: [2] });
      const restricted = await writeLeads(stack, 'restricted', editor);
      const restrictedUpdate = await writeLeads(stack, 'restricted', editor);
      const before = await calls(stack);
      const page = await stack.api.inject(`/api/leads/318816`);
      if (page.statusCode !== 200) throw new Error(`lead page failed: HTTP ${page.statusCode}`);
      const leadPage = (await calls(stack)) - before;
      const stats = await stack.control.stats();
      return [
        `upstream calls per ${LEADS.toLocaleString('en-US')} leads written: ${warm} (catalogue cached), ${cold} (cold start: + partitions and fields)`,
        `  granted every partition: createOrUpdate ${warm} (limit ${2 * BATCHES}), createOnly ${createOnly} (limit ${BATCHES})`,
        `  granted Mexico only: createOrUpdate of new leads ${restricted}, of the same leads again ${restrictedUpdate} (limit ${2 * BATCHES})`,
        `upstream calls per lead page opened (partitions cached): ${leadPage}`,
        `identity calls per run: ${stats.identityCalls} (for ${stats.calls} REST calls)`,
        `peak upstream concurrency ${stats.maxConcurrent}, peak calls in 20 s ${stats.maxCallsIn20s}`,
      ];
    } finally {
      await stack.close();
    }
  },
};
