// Writes must not let a restricted user tell a lead or a partition outside the grants from one that does not
// exist: the answers for both are the same, byte for byte.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

let stack: TestStack;
let mexico: ApiClient;
let run = 0;

const CANADA_LEAD = 318822;
const MISSING_LEAD = 1_999_999_999;

beforeAll(async () => {
  stack = await startTestStack();
  await stack.api.inject('/api/partitions');
  await stack.api.inject('/api/fields');
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.control.reset();
  mexico = await stack.signIn({ role: 'editor', partitions: [2] });
  run += 1;
});

const post = (client: ApiClient, url: string, payload: object) =>
  client.inject({ method: 'POST', url, payload });

const updateById = (client: ApiClient, id: number) =>
  post(client, '/api/leads', {
    partitionName: 'Mexico',
    action: 'updateOnly',
    lookupField: 'id',
    leads: [{ id, title: 'Probe' }],
  });

describe('enumeration through writes', () => {
  it('answers updateOnly by id of a Canada lead exactly like a missing id (1004)', async () => {
    const before = (await stack.control.leads()).find((lead) => lead.id === CANADA_LEAD);
    const hidden = await updateById(mexico, CANADA_LEAD);
    const missing = await updateById(mexico, MISSING_LEAD);
    expect(hidden.statusCode).toBe(200);
    expect(hidden.json()).toEqual({
      results: [{ index: 0, status: 'skipped', reasons: [{ code: '1004', message: 'Lead not found' }] }],
    });
    expect(hidden.body).toBe(missing.body);
    expect((await stack.control.leads()).find((lead) => lead.id === CANADA_LEAD)).toEqual(before);
  });

  it.each([
    [
      'a write',
      '/api/leads',
      (name: string) => ({ partitionName: name, leads: [{ email: `p-${run}@x.mx` }] }),
    ],
    ['a move', '/api/leads/partition', (name: string) => ({ ids: [318817], partitionName: name })],
  ])(
    'answers %s into an existing but not granted partition like an unknown one (403)',
    async (_what, url, body) => {
      const canada = await post(mexico, url, body('Canada'));
      const nowhere = await post(mexico, url, body('Nowhere'));
      expect(canada.statusCode).toBe(403);
      expect(nowhere.statusCode).toBe(403);
      expect(nowhere.body).toBe(canada.body);
      // A different spelling of a granted partition still gets its hint; users granted all get 400 for unknowns.
      const typo = await post(mexico, url, body('mexico'));
      expect(typo.statusCode).toBe(400);
      expect(typo.body).toContain("Did you mean 'Mexico'?");
      expect((await post(stack.api, url, body('Nowhere'))).statusCode).toBe(400);
    },
  );
});
