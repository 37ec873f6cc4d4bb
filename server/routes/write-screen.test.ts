// The write screen against the emulator: a restricted editor's write by any lookup field must never reach a
// lead outside the grants, however Marketo's typed comparison reads the value.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LeadWriteResponse } from '../contract/leads';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

let stack: TestStack;
let mexico: ApiClient;

const CANADA_TIER_1 = 318821;
const CANADA_LEAD = 318820;
const MEXICO_LEAD = 318818;
const NOT_ACCESSIBLE = { code: '1010', message: 'This lead exists in a partition you cannot access' };

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.control.reset();
  mexico = await stack.signIn({ role: 'editor', partitions: [2], email: 'screen.mexico@example.com' });
});

async function storedLead(id: number) {
  return (await stack.control.leads()).find((lead) => lead.id === id);
}

const write = (client: ApiClient, payload: object) =>
  client.inject({ method: 'POST', url: '/api/leads', payload });

async function seed(updates: object[], lookupField = 'id') {
  const response = await write(stack.api, { action: 'updateOnly', lookupField, leads: updates });
  expect(response.statusCode, response.body).toBe(200);
}

describe('write screen by a custom lookup field', () => {
  it('does not let "01" reach the Canada lead whose integer customerTier is 1', async () => {
    const before = await storedLead(CANADA_TIER_1);
    const response = await write(mexico, {
      partitionName: 'Mexico',
      action: 'updateOnly',
      lookupField: 'customerTier',
      leads: [{ customerTier: '01', firstName: 'pwnTier' }],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<LeadWriteResponse>().results).toEqual([
      { index: 0, status: 'skipped', reasons: [NOT_ACCESSIBLE] },
    ]);
    expect(await storedLead(CANADA_TIER_1)).toEqual(before);
  });

  it('updates the Mexico match and skips the Canada match of an integer field', async () => {
    await seed([{ id: MEXICO_LEAD, customerTier: 7 }]);
    const before = await storedLead(CANADA_TIER_1);
    const response = await write(mexico, {
      partitionName: 'Mexico',
      action: 'updateOnly',
      lookupField: 'customerTier',
      leads: [
        { customerTier: 7, title: 'Gerente' },
        { customerTier: 1, title: 'Hijacked' },
      ],
    });
    expect(response.json<LeadWriteResponse>().results).toEqual([
      { index: 0, id: MEXICO_LEAD, status: 'updated' },
      { index: 1, status: 'skipped', reasons: [NOT_ACCESSIBLE] },
    ]);
    expect(await storedLead(CANADA_TIER_1)).toEqual(before);
  });

  it('updates the Mexico match and skips the Canada match of a string field', async () => {
    await seed([{ id: CANADA_LEAD, externalCustomerId: 'CA-000320' }]);
    const before = await storedLead(CANADA_LEAD);
    const response = await write(mexico, {
      partitionName: 'Mexico',
      action: 'createOrUpdate',
      lookupField: 'externalCustomerId',
      leads: [
        { externalCustomerId: 'MX-000318', title: 'Gerente' },
        { externalCustomerId: 'CA-000320', title: 'Hijacked' },
      ],
    });
    expect(response.json<LeadWriteResponse>().results).toEqual([
      { index: 0, id: MEXICO_LEAD, status: 'updated' },
      { index: 1, status: 'skipped', reasons: [NOT_ACCESSIBLE] },
    ]);
    expect(await storedLead(CANADA_LEAD)).toEqual(before);
  });

  it('refuses an id inside a lead unless the lookup field is id (400, no Marketo call)', async () => {
    const before = (await stack.control.stats()).calls;
    const response = await write(mexico, {
      partitionName: 'Mexico',
      action: 'updateOnly',
      lookupField: 'email',
      leads: [{ email: 'nobody@example.mx' }, { email: 'x@example.mx', id: CANADA_LEAD, title: 'Hijacked' }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { details: [{ path: 'leads.1.id' }] } });
    expect((await stack.control.stats()).calls).toBe(before);
  });
});

describe('a comma in a lookup value', () => {
  it.each([
    ['a restricted editor', () => mexico],
    ['an admin', () => stack.api],
  ])('gets a 400 on the lead’s path for %s, never a 500', async (_who, client) => {
    const before = (await stack.control.stats()).calls;
    const response = await write(client(), {
      partitionName: 'Mexico',
      action: 'createOrUpdate',
      lookupField: 'externalCustomerId',
      leads: [{ externalCustomerId: 'MX-1' }, { externalCustomerId: 'MX-000318,CA-1', title: 'x' }],
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({
      error: { details: [{ path: 'leads.1.externalCustomerId' }] },
    });
    expect((await stack.control.stats()).calls).toBe(before);
  });
});
