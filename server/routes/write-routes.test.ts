import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LeadWriteResponse, MoveLeadsResponse } from '../contract/leads';
import { seededRandom, startTestStack, type TestStack } from '../test-helpers';

let stack: TestStack;
let run = 0;

beforeAll(async () => {
  // A short rate window so the client's 606 back-off costs milliseconds; more attempts so a 20 % fault rate
  // cannot exhaust them by bad luck.
  stack = await startTestStack({
    emulatorRandom: seededRandom(6),
    client: { windowMs: 1000, callsPer20s: 100, maxAttempts: 10, retryBaseDelayMs: 5 },
  });
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.control.clearFaults();
  run += 1;
});

async function post(url: string, payload: unknown) {
  const response = await stack.api.inject({ method: 'POST', url, payload: payload as object });
  return {
    status: response.statusCode,
    body: response.json<Record<string, unknown>>(),
    headers: response.headers,
  };
}

// vitest's asymmetric matchers are typed `any`; keep them behind `unknown`.
const anyNumber: unknown = expect.any(Number);
const containing = (text: string): unknown => expect.stringContaining(text);
const reason = (code: string): unknown => expect.objectContaining({ code });

const email = (n: number) => `write-${run}-${n}@example.com`;

describe('POST /api/leads', () => {
  it('creates, then updates, in the named partition', async () => {
    const created = await post('/api/leads', {
      partitionName: 'Canada',
      leads: [{ email: email(1), firstName: 'Ana' }, { email: email(2) }],
    });
    expect(created.status).toBe(200);
    const results = (created.body as LeadWriteResponse).results;
    expect(results).toEqual([
      { index: 0, id: anyNumber, status: 'created' },
      { index: 1, id: anyNumber, status: 'created' },
    ]);
    const lead = await stack.api.inject(`/api/leads/${results[0]?.id}?fields=email,firstName`);
    expect(lead.json()).toMatchObject({
      lead: { partition: { name: 'Canada' }, fields: { firstName: 'Ana' } },
    });

    const updated = await post('/api/leads', {
      partitionName: 'Canada',
      leads: [{ email: email(1), firstName: 'Anita' }],
    });
    expect((updated.body as LeadWriteResponse).results).toEqual([
      { index: 0, id: results[0]?.id, status: 'updated' },
    ]);
  });

  it('reports skipped leads with Marketo reasons, in input order', async () => {
    await post('/api/leads', { leads: [{ email: email(3) }] });
    const { status, body } = await post('/api/leads', {
      action: 'createOnly',
      leads: [{ email: email(4) }, { email: email(3) }],
    });
    expect(status).toBe(200);
    expect((body as LeadWriteResponse).results).toEqual([
      { index: 0, id: anyNumber, status: 'created' },
      { index: 1, status: 'skipped', reasons: [reason('1005')] },
    ]);
  });

  it('updates by id with updateOnly', async () => {
    const { body } = await post('/api/leads', {
      action: 'updateOnly',
      lookupField: 'id',
      leads: [
        { id: 318801, title: 'Director' },
        { id: 2_000_000_000, title: 'Nobody' },
      ],
    });
    expect((body as LeadWriteResponse).results).toEqual([
      { index: 0, id: 318801, status: 'updated' },
      { index: 1, status: 'skipped', reasons: [reason('1004')] },
    ]);
  });

  it('refuses unknown and read-only fields and a partition move by sync, before calling Marketo', async () => {
    await stack.api.inject('/api/fields');
    await stack.api.inject('/api/partitions');
    const before = await stack.control.stats();
    const { status, body } = await post('/api/leads', {
      leads: [
        { email: email(5), favouriteColour: 'teal', createdAt: '2020-01-01T00:00:00Z', leadPartitionId: 2 },
      ],
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: {
        code: 'bad_request',
        details: [
          { path: 'leads.0.favouriteColour', message: containing('favouriteColour') },
          { path: 'leads.0.createdAt', message: containing('read-only') },
          { path: 'leads.0.leadPartitionId' },
        ],
      },
    });
    expect((await stack.control.stats()).calls).toBe(before.calls);
  });

  it('writes 1,000 leads exactly once while 20 % of upstream calls fail with 606/615/604/611/602', async () => {
    const codes = ['606', '615', '604', '611', '602'] as const;
    // Faults are tried one after another; this per-code probability makes any call fail with p = 0.2 overall.
    const probability = 1 - 0.8 ** (1 / codes.length);
    await stack.api.inject('/api/partitions');
    await stack.api.inject('/api/fields');
    // One certain hit of each code first, so every kind of failure is met whatever the dice say.
    for (const code of codes) await stack.control.injectFault({ code, count: 1 });
    for (const code of codes) await stack.control.injectFault({ code, probability });
    const leads = Array.from({ length: 1000 }, (_, n) => ({ email: email(n), firstName: `Lead ${n}` }));
    const { status, body } = await post('/api/leads', { partitionName: 'Mexico', leads });
    await stack.control.clearFaults();

    expect(status).toBe(200);
    const results = (body as LeadWriteResponse).results;
    expect(results).toHaveLength(1000);
    results.forEach((result, index) => {
      expect(result.index).toBe(index);
      // A 604 may come after Marketo did the work; the retry then finds the lead and updates it.
      expect(['created', 'updated']).toContain(result.status);
      expect(result.id).toEqual(anyNumber);
    });
    expect(new Set(results.map((result) => result.id)).size).toBe(1000);

    const stored = (await stack.control.leads()).filter((lead) =>
      String(lead.email).startsWith(`write-${run}-`),
    );
    expect(stored).toHaveLength(1000);
    expect(new Set(stored.map((lead) => String(lead.email).toLowerCase())).size).toBe(1000);
    expect(stored.every((lead) => lead.leadPartitionId === 2)).toBe(true);
    const errors = (await stack.control.stats()).errorsByCode;
    for (const code of codes) expect(errors[code], code).toBeGreaterThan(0);
  });
});

describe('POST /api/leads/partition', () => {
  it('moves leads and reports unknown ids as skipped', async () => {
    const created = await post('/api/leads', { leads: [{ email: email(1) }] });
    const id = (created.body as LeadWriteResponse).results[0]?.id ?? 0;
    const { status, body } = await post('/api/leads/partition', {
      ids: [id, 1_999_999_999],
      partitionName: 'Canada',
    });
    expect(status).toBe(200);
    expect((body as MoveLeadsResponse).results).toEqual([
      { id, status: 'updated' },
      { id: 1_999_999_999, status: 'skipped', reasons: [reason('1004')] },
    ]);
    const lead = await stack.api.inject(`/api/leads/${id}`);
    expect(lead.json()).toMatchObject({ lead: { partition: { id: 3, name: 'Canada' } } });
  });

  it('refuses an unknown partition and duplicate ids without calling Marketo', async () => {
    await stack.api.inject('/api/partitions');
    const before = await stack.control.stats();
    const unknown = await post('/api/leads/partition', { ids: [318801], partitionName: 'Atlantis' });
    expect(unknown).toMatchObject({ status: 400, body: { error: { details: [{ path: 'partitionName' }] } } });
    const twice = await post('/api/leads/partition', { ids: [318801, 318801], partitionName: 'Canada' });
    expect(twice).toMatchObject({ status: 400, body: { error: { details: [{ path: 'ids.1' }] } } });
    expect((await stack.control.stats()).calls).toBe(before.calls);
  });
});
