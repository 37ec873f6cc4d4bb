// `GET /api/leads/:id/history` through real HTTP against the emulator: Marketo's activities merged with the
// console's audit entries, the lead read's grant check, and partitions outside the reader's grants left unnamed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LeadHistoryResponse } from '../contract/lead-history';
import { restClient } from '../emulator/test-client';
import { SEED_LEADS } from '../emulator/store/seed';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

let stack: TestStack;
let admin: ApiClient;

// The console's audit trail outlives the emulator's reset between tests, so each test moves a lead of its own.
const MEXICO_LEAD = 318816;
const MEXICO_LEAD_2 = 318817;
const MEXICO_LEAD_3 = 318818;
const DEFAULT_LEAD = 318801;
const DEFAULT_LEAD_2 = 318802;
const DEFAULT_LEAD_3 = 318803;
const CANADA_LEAD = 318820;
const createdAt = (id: number): string => SEED_LEADS.find((lead) => lead.id === id)!.createdAt;
/** Far enough back to reach the seed leads' creation in 2015. */
const ALL_DAYS = '?days=20000';

beforeAll(async () => {
  // Limits far above this file's calls: the rate budget is tested elsewhere, and waiting out its window is slow.
  stack = await startTestStack({ emulator: { callsPer20s: 1000 }, client: { callsPer20s: 500 } });
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.control.reset();
  admin = await stack.signIn({ role: 'admin', partitions: 'all', email: 'history.admin@example.com' });
});

async function move(client: ApiClient, id: number, partitionName: string): Promise<void> {
  const response = await client.inject({
    method: 'POST',
    url: '/api/leads/partition',
    payload: { ids: [id], partitionName },
  });
  expect(response.json()).toEqual({ results: [{ id, status: 'updated' }] });
}

async function history(client: ApiClient, id: number, query = ''): Promise<LeadHistoryResponse> {
  const response = await client.inject(`/api/leads/${id}/history${query}`);
  expect(response.statusCode).toBe(200);
  return response.json<LeadHistoryResponse>();
}

describe('a lead’s history', () => {
  it('shows a console move with its user, joined to Marketo’s activity, and the creation before it', async () => {
    await move(admin, MEXICO_LEAD, 'Canada');
    const body = await history(admin, MEXICO_LEAD, ALL_DAYS);
    expect(body.complete).toBe(true);
    expect(body.events).toEqual([
      {
        at: expect.any(String) as string,
        kind: 'moved',
        from: 'Mexico',
        to: 'Canada',
        by: { email: 'history.admin@example.com' },
        recordedBy: ['marketo', 'console'],
      },
      // Marketo's New Lead of the seed; its partition is where the first move took it from.
      { at: createdAt(MEXICO_LEAD), kind: 'created', to: 'Mexico', recordedBy: ['marketo'] },
    ]);
  });

  it('shows a move made outside the console (a flow step, another integration) without a user', async () => {
    const marketo = await restClient(stack.emulator);
    await marketo.post('/v1/leads/partitions.json', {
      input: [{ id: MEXICO_LEAD_2, partitionName: 'Default' }],
    });
    const body = await history(admin, MEXICO_LEAD_2);
    expect(body.events).toEqual([
      {
        at: expect.any(String) as string,
        kind: 'moved',
        from: 'Mexico',
        to: 'Default',
        recordedBy: ['marketo'],
      },
    ]);
  });

  it('shows a lead created in the console with its creator', async () => {
    const created = await admin.inject({
      method: 'POST',
      url: '/api/leads',
      payload: { partitionName: 'Canada', leads: [{ email: 'history.new@example.ca' }] },
    });
    const id = created.json<{ results: { id: number }[] }>().results[0]!.id;
    const body = await history(admin, id);
    expect(body.events).toEqual([
      {
        at: expect.any(String) as string,
        kind: 'created',
        to: 'Canada',
        by: { email: 'history.admin@example.com' },
        recordedBy: ['marketo', 'console'],
      },
    ]);
    // A lead created now: the history starts at its creation, not a year ago.
    expect(Date.parse(body.since)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('lists the moves newest first, each once', async () => {
    await move(admin, MEXICO_LEAD_3, 'Canada');
    await move(admin, MEXICO_LEAD_3, 'Default');
    await move(admin, MEXICO_LEAD_3, 'Mexico');
    const body = await history(admin, MEXICO_LEAD_3);
    expect(body.events.map((event) => [event.from, event.to, event.recordedBy.length])).toEqual([
      ['Default', 'Mexico', 2],
      ['Canada', 'Default', 2],
      ['Mexico', 'Canada', 2],
    ]);
  });
});

describe('what each record alone says', () => {
  it('keeps a console move whose Marketo activity is gone (purged, or never seen), marked as the console’s', async () => {
    await move(admin, DEFAULT_LEAD_2, 'Mexico');
    // The emulator's reset drops its activity log; the console's audit trail keeps the move.
    await stack.control.reset();
    const body = await history(admin, DEFAULT_LEAD_2);
    expect(body.events).toEqual([
      {
        at: expect.any(String) as string,
        kind: 'moved',
        from: 'Default',
        to: 'Mexico',
        by: { email: 'history.admin@example.com' },
        recordedBy: ['console'],
      },
    ]);
  });

  it('looks back `days` days only, never before the lead was created', async () => {
    const recent = await history(admin, DEFAULT_LEAD_3, '?days=1');
    expect(recent.events).toEqual([]);
    expect(Date.now() - Date.parse(recent.since)).toBeGreaterThanOrEqual(86_400_000 - 60_000);
    const all = await history(admin, DEFAULT_LEAD_3, ALL_DAYS);
    expect(all.since).toBe(new Date(createdAt(DEFAULT_LEAD_3)).toISOString());
    expect(all.events.map((event) => [event.kind, event.at, event.to])).toEqual([
      ['created', createdAt(DEFAULT_LEAD_3), 'Default'],
    ]);
  });
});

describe('grants', () => {
  it('names a partition outside the reader’s grants as null: the Mexico editor sees Canada → Mexico as ? → Mexico', async () => {
    await move(admin, CANADA_LEAD, 'Mexico');
    const mexico = await stack.signIn({ role: 'editor', partitions: [2] });
    const body = await history(mexico, CANADA_LEAD, ALL_DAYS);
    expect(body.events).toEqual([
      {
        at: expect.any(String) as string,
        kind: 'moved',
        from: null,
        to: 'Mexico',
        by: { email: 'history.admin@example.com' },
        recordedBy: ['marketo', 'console'],
      },
      { at: createdAt(CANADA_LEAD), kind: 'created', to: null, recordedBy: ['marketo'] },
    ]);
    expect(JSON.stringify(body)).not.toContain('Canada');
  });

  it('answers a lead outside the grants exactly like a missing one, and like the lead read', async () => {
    const mexico = await stack.signIn({ role: 'viewer', partitions: [2] });
    const outside = await mexico.inject(`/api/leads/${CANADA_LEAD}/history`);
    const missing = await mexico.inject('/api/leads/999999/history');
    const read = await mexico.inject(`/api/leads/${CANADA_LEAD}`);
    expect(outside.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const message = (r: typeof outside) => r.json<{ error: { message: string } }>().error.message;
    expect(message(outside)).toBe(message(read));
    expect(message(missing)).toBe('No lead has id 999999.');
  });

  it('refuses bad input with the error envelope', async () => {
    for (const url of ['/api/leads/abc/history', `/api/leads/${MEXICO_LEAD}/history?days=0`]) {
      const response = await admin.inject(url);
      expect(response.statusCode).toBe(400);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('bad_request');
    }
  });
});

describe('cost', () => {
  it('opening a lead stays one call; the history adds a paging token and one page, types from cache', async () => {
    await history(admin, DEFAULT_LEAD); // warms the catalog and the activity types
    const before = await stack.control.stats();
    expect((await admin.inject(`/api/leads/${DEFAULT_LEAD}`)).statusCode).toBe(200);
    const afterLead = await stack.control.stats();
    expect(afterLead.calls - before.calls).toBe(1);
    await history(admin, DEFAULT_LEAD);
    const after = await stack.control.stats();
    expect(after.calls - afterLead.calls).toBe(3);
    expect(after.callsByPath['/rest/v1/activities/types.json']).toBe(
      before.callsByPath['/rest/v1/activities/types.json'],
    );
  });
});

describe('activity types', () => {
  it('are found by name, once for concurrent readers, whatever their ids', async () => {
    const other = await startTestStack({
      emulator: { newLeadActivityTypeId: 7001, changeLeadPartitionActivityTypeId: 7002 },
    });
    try {
      await move(other.api, MEXICO_LEAD, 'Canada');
      const bodies = await Promise.all(Array.from({ length: 5 }, () => history(other.api, MEXICO_LEAD)));
      for (const body of bodies) expect(body.events.map((event) => event.to)).toEqual(['Canada']);
      expect((await other.control.stats()).callsByPath['/rest/v1/activities/types.json']).toBe(1);
    } finally {
      await other.close();
    }
  });
});
