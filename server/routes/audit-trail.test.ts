// What the audit trail records for writes and moves: the partitions the touched leads really live in (so the
// right readers see the entry) and Marketo's requestIds.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityEntry, ActivityPage } from '../contract/activity';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

let stack: TestStack;
let run = 0;

const CANADA_LEAD = 318822;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.control.reset();
  run += 1;
});

async function latest(client: ApiClient, action: string): Promise<ActivityEntry[]> {
  return (await client.inject(`/api/activity?action=${action}`)).json<ActivityPage>().entries;
}

const post = (client: ApiClient, url: string, payload: object) =>
  client.inject({ method: 'POST', url, payload });

describe('audit partitions for users granted all', () => {
  it('records an update of a Canada lead by id under Canada, whatever partition the write names', async () => {
    const mexico = await stack.signIn({ role: 'editor', partitions: [2] });
    const canada = await stack.signIn({ role: 'viewer', partitions: [3] });
    const response = await post(stack.api, '/api/leads', {
      partitionName: 'Mexico',
      action: 'updateOnly',
      lookupField: 'id',
      leads: [{ id: CANADA_LEAD, title: `Audit ${run}` }],
    });
    expect(response.statusCode, response.body).toBe(200);
    const [entry] = await latest(stack.api, 'lead.write');
    expect(entry).toMatchObject({ partitions: ['Canada'], leadIds: [CANADA_LEAD] });
    expect((await latest(mexico, 'lead.write')).map((e) => e.id)).not.toContain(entry?.id);
    expect((await latest(canada, 'lead.write')).map((e) => e.id)).toContain(entry?.id);
  });

  it('records a created lead under the partition it was created in', async () => {
    await post(stack.api, '/api/leads', {
      partitionName: 'Canada',
      leads: [{ email: `audit-${run}@example.ca` }],
    });
    const [entry] = await latest(stack.api, 'lead.write');
    expect(entry?.partitions).toEqual(['Canada']);
  });
});

describe("Marketo's requestId on success", () => {
  const REQUEST_ID = /^[0-9a-f]+#[0-9a-f]+$/;

  it('is recorded for a successful write', async () => {
    const response = await post(stack.api, '/api/leads', {
      partitionName: 'Mexico',
      leads: [{ email: `rid-${run}@example.mx` }],
    });
    expect(response.statusCode).toBe(200);
    const [entry] = await latest(stack.api, 'lead.write');
    expect(entry?.outcome).toBe('success');
    expect(entry?.requestIds).toHaveLength(1);
    expect(entry?.requestIds[0]).toMatch(REQUEST_ID);
  });

  it('is recorded for a successful move', async () => {
    const response = await post(stack.api, '/api/leads/partition', {
      ids: [318818],
      partitionName: 'Canada',
    });
    expect(response.statusCode).toBe(200);
    const [entry] = await latest(stack.api, 'lead.move');
    expect(entry?.outcome).toBe('success');
    expect(entry?.requestIds).toHaveLength(1);
    expect(entry?.requestIds[0]).toMatch(REQUEST_ID);
  });
});

describe('refused writes', () => {
  async function upstreamCalls(): Promise<number> {
    const stats = await stack.control.stats();
    return stats.calls + stats.identityCalls;
  }

  it('records a write and a move into a partition not granted, without calling Marketo', async () => {
    const mexico = await stack.signIn({ role: 'editor', partitions: [2] });
    await stack.api.inject('/api/partitions');
    const before = await upstreamCalls();
    const write = await post(mexico, '/api/leads', {
      partitionName: 'Canada',
      leads: [{ email: `refused-${run}@example.ca` }],
    });
    const move = await post(mexico, '/api/leads/partition', { ids: [318817], partitionName: 'Canada' });
    expect([write.statusCode, move.statusCode]).toEqual([403, 403]);
    expect(await upstreamCalls()).toBe(before);
    const [writeEntry] = await latest(stack.api, 'lead.write');
    expect(writeEntry).toMatchObject({
      user: { id: mexico.user.id },
      partitions: ['Canada'],
      outcome: 'failure',
      leadIds: [],
    });
    expect(writeEntry?.summary).toMatch(/refused.*no access to partition 'Canada'/);
    // The browser words it from its code in the user's language.
    expect(writeEntry).toMatchObject({
      summaryCode: 'write_refused',
      summaryParams: { action: 'createOrUpdate', count: 1, partition: 'Canada' },
    });
    const [moveEntry] = await latest(stack.api, 'lead.move');
    expect(moveEntry).toMatchObject({
      user: { id: mexico.user.id },
      partitions: ['Canada'],
      outcome: 'failure',
    });
    expect(moveEntry?.summary).toMatch(/refused/);
    expect(moveEntry).toMatchObject({
      summaryCode: 'move_refused',
      summaryParams: { count: 1, partition: 'Canada' },
    });
  });
});
