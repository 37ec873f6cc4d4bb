// Idempotent writes through the whole stack: repeats of a key, running or finished, reach Marketo once.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityPage } from '../contract/activity';
import type { LeadWriteResponse, MoveLeadsResponse } from '../contract/leads';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

let stack: TestStack;
let run = 0;

beforeAll(async () => {
  stack = await startTestStack({ client: { maxAttempts: 2, retryBaseDelayMs: 1 } });
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.control.clearFaults();
  await stack.control.setConfig({ latencyMs: 0 });
  run += 1;
});

const email = (n = 0) => `idem-${run}-${n}@example.com`;

function write(client: ApiClient, key: string | undefined, payload: object) {
  return client.inject({
    method: 'POST',
    url: '/api/leads',
    payload,
    headers: key === undefined ? {} : { 'idempotency-key': key },
  });
}

const results = (response: LightMyRequestResponse) => response.json<LeadWriteResponse>().results;

/** Marketo calls on the lead endpoint (the write and the proxy's read-back of where leads landed). */
async function leadCalls(): Promise<number> {
  return (await stack.control.stats()).callsByPath['/rest/v1/leads.json'] ?? 0;
}

async function storedWithEmail(address: string) {
  return (await stack.control.leads()).filter((lead) => lead.email === address);
}

async function writeEntries(): Promise<number> {
  const page = (await stack.api.inject('/api/activity?action=lead.write')).json<ActivityPage>();
  return page.entries.length;
}

describe('Idempotency-Key on POST /api/leads', () => {
  it('answers repeats that arrive while the first runs with its answer, and calls Marketo once', async () => {
    const before = await leadCalls();
    await write(stack.api, undefined, { leads: [{ email: email(0) }] });
    const oneWrite = (await leadCalls()) - before;
    const entriesBefore = await writeEntries();

    // Latency keeps the first request in flight while its repeats arrive.
    await stack.control.setConfig({ latencyMs: 150 });
    const body = { action: 'createOnly', leads: [{ email: email(1), firstName: 'Ana' }] };
    const start = await leadCalls();
    const answers = await Promise.all([1, 2, 3].map(() => write(stack.api, `save-${run}`, body)));

    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
    const first = results(answers[0]!);
    expect(first).toEqual([{ index: 0, id: expect.any(Number) as unknown, status: 'created' }]);
    for (const answer of answers) expect(results(answer)).toEqual(first);
    expect(answers.filter((answer) => answer.headers['idempotency-replayed'] === 'true')).toHaveLength(2);
    expect((await leadCalls()) - start).toBe(oneWrite);
    expect(await storedWithEmail(email(1))).toHaveLength(1);
    expect(await writeEntries()).toBe(entriesBefore + 1);
  });

  it('answers a later repeat with the first answer, not "already exists", for ten minutes', async () => {
    const body = { action: 'createOnly', leads: [{ email: email() }] };
    const first = await write(stack.api, `later-${run}`, body);
    expect(results(first)[0]?.status).toBe('created');
    const calls = await leadCalls();

    const repeat = await write(stack.api, `later-${run}`, body);
    expect(repeat.statusCode).toBe(200);
    expect(repeat.body).toBe(first.body);
    expect(repeat.headers['idempotency-replayed']).toBe('true');
    expect(await leadCalls()).toBe(calls);

    stack.advanceClock(10 * 60_000 + 1);
    const afterExpiry = await write(stack.api, `later-${run}`, body);
    expect(afterExpiry.headers['idempotency-replayed']).toBeUndefined();
    expect(results(afterExpiry)[0]).toMatchObject({ status: 'skipped', reasons: [{ code: '1005' }] });
  });

  it('refuses the same key with a different body (422), sending nothing', async () => {
    await write(stack.api, `reused-${run}`, { leads: [{ email: email(1) }] });
    const calls = await leadCalls();
    const reused = await write(stack.api, `reused-${run}`, { leads: [{ email: email(2) }] });
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    expect(await leadCalls()).toBe(calls);
    expect(await storedWithEmail(email(2))).toHaveLength(0);
  });

  it('treats the same body in a different key order as the same request', async () => {
    const first = await write(stack.api, `order-${run}`, {
      action: 'createOnly',
      leads: [{ email: email() }],
    });
    const repeat = await write(stack.api, `order-${run}`, {
      leads: [{ email: email() }],
      action: 'createOnly',
    });
    expect(repeat.headers['idempotency-replayed']).toBe('true');
    expect(repeat.body).toBe(first.body);
  });

  it('keeps keys per user: the same key from someone else runs their own write', async () => {
    const other = await stack.signIn({ role: 'admin', partitions: 'all' });
    const body = { action: 'createOnly', leads: [{ email: email() }] };
    await write(stack.api, `shared-${run}`, body);
    const theirs = await write(other, `shared-${run}`, body);
    expect(theirs.headers['idempotency-replayed']).toBeUndefined();
    expect(results(theirs)[0]).toMatchObject({ status: 'skipped', reasons: [{ code: '1005' }] });
  });

  it('does not remember a 503 that sent nothing: a retry with the same key writes', async () => {
    await stack.control.injectFault({ code: 'http502', count: 2, path: '/rest/v1/leads.json' });
    const body = { leads: [{ email: email() }] };
    const refused = await write(stack.api, `retry-${run}`, body);
    expect(refused.statusCode).toBe(503);
    expect(await storedWithEmail(email())).toHaveLength(0);

    const retried = await write(stack.api, `retry-${run}`, body);
    expect(retried.statusCode).toBe(200);
    expect(retried.headers['idempotency-replayed']).toBeUndefined();
    expect(results(retried)[0]?.status).toBe('created');
  });

  it('refuses keys that are empty, too long or not printable ASCII (400), sending nothing', async () => {
    const calls = await leadCalls();
    for (const key of ['', 'x'.repeat(201), 'tab\there']) {
      const response = await write(stack.api, key, { leads: [{ email: email() }] });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
    expect(await leadCalls()).toBe(calls);
    expect((await write(stack.api, 'k'.repeat(200), { leads: [{ email: email() }] })).statusCode).toBe(200);
  });

  it('still needs the CSRF token: a known key does not replay for a request without it', async () => {
    const body = { leads: [{ email: email() }] };
    await write(stack.api, `csrf-${run}`, body);
    const forged = await stack.app.inject({
      method: 'POST',
      url: '/api/leads',
      payload: body,
      headers: { cookie: stack.api.cookie, 'idempotency-key': `csrf-${run}` },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.headers['idempotency-replayed']).toBeUndefined();
  });
});

describe('Idempotency-Key on POST /api/leads/partition', () => {
  it('moves once for concurrent repeats and answers each the same', async () => {
    const created = results(await write(stack.api, undefined, { leads: [{ email: email() }] }));
    const id = created[0]!.id!;
    await stack.control.setConfig({ latencyMs: 150 });
    const before = (await stack.control.stats()).callsByPath['/rest/v1/leads/partitions.json'] ?? 0;
    const answers = await Promise.all(
      [1, 2].map(() =>
        stack.api.inject({
          method: 'POST',
          url: '/api/leads/partition',
          payload: { ids: [id], partitionName: 'Canada' },
          headers: { 'idempotency-key': `move-${run}` },
        }),
      ),
    );
    const after = (await stack.control.stats()).callsByPath['/rest/v1/leads/partitions.json'] ?? 0;
    expect(after - before).toBe(1);
    const [first, second] = answers.map((answer) => answer.json<MoveLeadsResponse>());
    expect(first?.results).toEqual([{ id, status: 'updated' }]);
    expect(second).toEqual(first);
  });
});
