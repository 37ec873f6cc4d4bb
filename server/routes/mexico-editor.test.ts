// The "done when": signed in as the Mexico editor, nothing in the API reveals or changes a lead outside
// Mexico, and every write shows up in the activity with the right user.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LeadWriteResponse, MoveLeadsResponse } from '../contract/leads';
import type { ActivityPage } from '../contract/activity';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

let stack: TestStack;
let mexico: ApiClient;
let run = 0;

const CANADA_LEAD = { id: 318820, email: 'emily.tremblay@example.ca' };
const MEXICO_LEAD = { id: 318817, email: 'lucia.hernandez@example.mx' };
const NOT_ACCESSIBLE = { code: '1010', message: 'This lead exists in a partition you cannot access' };

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
  mexico = await stack.signIn({ role: 'editor', partitions: [2], email: 'mexico.editor@example.com' });
  run += 1;
});

async function upstreamCalls(): Promise<number> {
  const stats = await stack.control.stats();
  return stats.calls + stats.identityCalls;
}

async function storedLead(id: number) {
  return (await stack.control.leads()).find((lead) => lead.id === id);
}

const post = (url: string, payload: object) => mexico.inject({ method: 'POST', url, payload });

describe('the Mexico editor', () => {
  it('sees only Mexico, and Canada leads read as missing', async () => {
    const partitions = (await mexico.inject('/api/partitions')).json<{ partitions: { name: string }[] }>();
    expect(partitions.partitions.map((partition) => partition.name)).toEqual(['Mexico']);
    expect((await mexico.inject(`/api/leads/${CANADA_LEAD.id}`)).statusCode).toBe(404);
    expect((await mexico.inject(`/api/leads/${MEXICO_LEAD.id}`)).statusCode).toBe(200);
    const byEmail = await mexico.inject(`/api/leads?email=${encodeURIComponent(CANADA_LEAD.email)}`);
    expect(byEmail.json()).toEqual({ leads: [] });
  });

  it('cannot write into Canada or Default: 403 before Marketo', async () => {
    const before = await upstreamCalls();
    for (const payload of [
      { partitionName: 'Canada', leads: [{ email: `ca-${run}@example.ca` }] },
      { leads: [{ email: `default-${run}@example.com` }] },
    ]) {
      const response = await post('/api/leads', payload);
      expect(response.statusCode).toBe(403);
    }
    expect(await upstreamCalls()).toBe(before);
  });

  it('skips a lead whose email lives in Canada, without sending it, and leaves the Canada lead unchanged', async () => {
    const before = await storedLead(CANADA_LEAD.id);
    const response = await post('/api/leads', {
      partitionName: 'Mexico',
      leads: [
        { email: `new-${run}@example.mx`, firstName: 'Nueva' },
        { email: CANADA_LEAD.email.toUpperCase(), firstName: 'Hijacked' },
        { email: MEXICO_LEAD.email, title: 'Directora' },
      ],
    });
    expect(response.statusCode).toBe(200);
    const results = response.json<LeadWriteResponse>().results;
    expect(results[0]).toMatchObject({ index: 0, status: 'created' });
    expect(results[1]).toEqual({ index: 1, status: 'skipped', reasons: [NOT_ACCESSIBLE] });
    expect(results[2]).toEqual({ index: 2, id: MEXICO_LEAD.id, status: 'updated' });
    expect(await storedLead(CANADA_LEAD.id)).toEqual(before);
  });

  it('cannot update a Canada lead by id or with updateOnly', async () => {
    const before = await storedLead(CANADA_LEAD.id);
    const byId = await post('/api/leads', {
      action: 'updateOnly',
      lookupField: 'id',
      partitionName: 'Mexico',
      leads: [{ id: CANADA_LEAD.id, firstName: 'Hijacked' }],
    });
    // By id, a lead out of reach reads exactly like a missing one.
    expect(byId.json<LeadWriteResponse>().results).toEqual([
      { index: 0, status: 'skipped', reasons: [{ code: '1004', message: 'Lead not found' }] },
    ]);
    const createOnly = await post('/api/leads', {
      action: 'createOnly',
      partitionName: 'Mexico',
      leads: [{ email: CANADA_LEAD.email }],
    });
    expect(createOnly.json<LeadWriteResponse>().results).toEqual([
      { index: 0, status: 'skipped', reasons: [NOT_ACCESSIBLE] },
    ]);
    expect(await storedLead(CANADA_LEAD.id)).toEqual(before);
  });

  it('cannot move a Canada lead (it reads as not found) nor move a Mexico lead to Canada', async () => {
    const toCanada = await post('/api/leads/partition', { ids: [MEXICO_LEAD.id], partitionName: 'Canada' });
    expect(toCanada.statusCode).toBe(403);
    const fromCanada = await post('/api/leads/partition', {
      ids: [CANADA_LEAD.id, 1_999_999_999],
      partitionName: 'Mexico',
    });
    expect(fromCanada.statusCode).toBe(200);
    const [canada, missing] = fromCanada.json<MoveLeadsResponse>().results;
    expect(canada).toEqual({
      id: CANADA_LEAD.id,
      status: 'skipped',
      reasons: [{ code: '1004', message: 'Lead not found' }],
    });
    expect(missing).toEqual({ ...canada, id: 1_999_999_999 });
    expect((await storedLead(CANADA_LEAD.id))?.leadPartitionId).toBe(3);
    expect((await storedLead(MEXICO_LEAD.id))?.leadPartitionId).toBe(2);
  });

  it('shows every write in the activity with the right user, and nothing from Canada', async () => {
    const canadaEditor = await stack.signIn({ role: 'editor', partitions: [3] });
    await canadaEditor.inject({
      method: 'POST',
      url: '/api/leads',
      payload: { partitionName: 'Canada', leads: [{ email: `c-${run}@example.ca` }] },
    });
    await post('/api/leads', { partitionName: 'Mexico', leads: [{ email: `m-${run}@example.mx` }] });
    const page = (await mexico.inject('/api/activity?action=lead.write')).json<ActivityPage>();
    expect(page.entries.length).toBeGreaterThan(0);
    for (const entry of page.entries) expect(entry.partitions).toEqual(['Mexico']);
    expect(page.entries[0]).toMatchObject({
      user: { email: 'mexico.editor@example.com' },
      outcome: 'success',
    });
    const all = (await stack.api.inject('/api/activity?action=lead.write')).json<ActivityPage>();
    expect(all.entries.map((entry) => entry.partitions[0])).toEqual(
      expect.arrayContaining(['Canada', 'Mexico']),
    );
  });
});
