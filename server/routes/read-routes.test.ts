import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.control.clearFaults();
});

async function get(url: string) {
  const response = await stack.api.inject({ method: 'GET', url });
  return {
    status: response.statusCode,
    body: response.json<Record<string, unknown>>(),
    headers: response.headers,
  };
}

async function upstreamCalls(): Promise<number> {
  const stats = await stack.control.stats();
  return stats.calls + stats.identityCalls;
}

describe('GET /api/health and /api/status', () => {
  it('answers health without calling Marketo', async () => {
    const before = await upstreamCalls();
    expect(await get('/api/health')).toMatchObject({ status: 200, body: { ok: true } });
    expect(await upstreamCalls()).toBe(before);
  });

  it('reports mode, instance, budget and usage, and never a credential or token', async () => {
    const { status, body } = await get('/api/status');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      mode: 'emulator',
      instance: new URL(stack.emulator.origin).host,
      rateBudget: { callsPer20s: 50, maxConcurrent: 5 },
      usage: { dailyQuotaExhausted: false },
    });
    expect(typeof (body.usage as { callsToday: unknown }).callsToday).toBe('number');
    const token = await fetchToken();
    const text = JSON.stringify(body);
    expect(text).not.toContain(stack.emulator.clientSecret);
    expect(text).not.toContain(stack.emulator.clientId);
    expect(text).not.toContain(token);
  });
});

/** The emulator hands out the same token while it is valid, i.e. the one the proxy holds. */
async function fetchToken(): Promise<string> {
  const { origin, clientId, clientSecret } = stack.emulator;
  const query = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  const response = await fetch(`${origin}/identity/oauth/token?${query}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('GET /api/partitions and /api/fields', () => {
  it('lists the partitions and serves them from cache until ?refresh=1', async () => {
    const first = await get('/api/partitions');
    expect(first.status).toBe(200);
    expect(first.body.partitions).toEqual(
      expect.arrayContaining([
        { id: 1, name: 'Default', description: 'Initial system lead partition' },
        { id: 2, name: 'Mexico', description: 'Leads that live in Mexico' },
      ]),
    );
    const before = await upstreamCalls();
    await get('/api/partitions');
    expect(await upstreamCalls()).toBe(before);
    await get('/api/partitions?refresh=1');
    expect(await upstreamCalls()).toBe(before + 1);
    // A second refresh right away is served the copy just loaded.
    await get('/api/partitions?refresh=1');
    expect(await upstreamCalls()).toBe(before + 1);
  });

  it('refuses a bad refresh value', async () => {
    expect((await get('/api/partitions?refresh=yes')).status).toBe(400);
  });

  it('lists the REST fields with their types and read-only flags', async () => {
    const { status, body } = await get('/api/fields');
    expect(status).toBe(200);
    const fields = body.fields as { name: string; readOnly: boolean; dataType: string }[];
    expect(fields.find((field) => field.name === 'email')).toMatchObject({
      dataType: 'email',
      readOnly: false,
    });
    expect(fields.find((field) => field.name === 'createdAt')).toMatchObject({ readOnly: true });
    expect(fields.every((field) => typeof field.name === 'string' && field.name.length > 0)).toBe(true);
  });
});

describe('GET /api/leads/:id', () => {
  it('returns the lead with its partition resolved by name, for exactly one upstream call', async () => {
    await get('/api/partitions');
    const before = await upstreamCalls();
    const { status, body } = await get('/api/leads/318816?fields=email,firstName,lastName');
    expect(await upstreamCalls()).toBe(before + 1);
    expect(status).toBe(200);
    expect(body.lead).toMatchObject({ id: 318816, partition: { id: 2, name: 'Mexico' } });
    expect(Object.keys((body.lead as { fields: object }).fields).sort()).toEqual([
      'email',
      'firstName',
      'lastName',
    ]);
  });

  it('uses the default field set without ?fields', async () => {
    const { body } = await get('/api/leads/318801');
    expect(body.lead).toMatchObject({
      id: 318801,
      partition: { id: 1, name: 'Default' },
      fields: {
        email: 'jordan.reyes@example.com',
        firstName: 'Jordan',
        lastName: 'Reyes',
        company: 'Example Corp',
      },
    });
    const names = Object.keys((body.lead as { fields: object }).fields);
    expect(names).toEqual([
      'email',
      'firstName',
      'lastName',
      'title',
      'company',
      'phone',
      'createdAt',
      'updatedAt',
    ]);
  });

  it('is a 404 envelope for an unknown id', async () => {
    const { status, body } = await get('/api/leads/999999');
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'not_found' } });
  });

  it('is a 400 naming the field for an unknown field name', async () => {
    const { status, body } = await get('/api/leads/318801?fields=email,noSuchField');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'bad_request' } });
  });
});

describe('GET /api/leads?email=', () => {
  it('finds leads across partitions', async () => {
    const { status, body } = await get('/api/leads?email=jordan.reyes%40example.com');
    expect(status).toBe(200);
    expect(body.leads).toEqual([
      expect.objectContaining({ id: 318801, partition: { id: 1, name: 'Default' } }),
    ]);
  });

  it('answers an empty list when nobody has the address', async () => {
    expect(await get('/api/leads?email=nobody%40example.com')).toMatchObject({
      status: 200,
      body: { leads: [] },
    });
  });

  it('needs a valid email', async () => {
    const { status, body } = await get('/api/leads?email=not-an-email');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'bad_request', details: [{ path: 'email' }] } });
  });
});

describe('unknown paths and the OpenAPI document', () => {
  it('serves the OpenAPI document generated from the contract', async () => {
    const { status, body } = await get('/api/docs');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.0.3');
    const paths = Object.keys(body.paths as object);
    for (const path of [
      '/api/health',
      '/api/status',
      '/api/partitions',
      '/api/fields',
      '/api/leads',
      '/api/leads/{id}',
      '/api/leads/partition',
      '/api/session',
      '/api/users',
      '/api/users/{id}',
      '/api/users/{id}/password',
      '/api/activity',
      '/api/activity.csv',
    ]) {
      expect(paths).toContain(path);
    }
  });

  it('answers unknown /api paths and every /__emulator path with a 404 envelope', async () => {
    const before = await upstreamCalls();
    for (const [method, url] of [
      ['GET', '/api/nope'],
      ['DELETE', '/api/leads/318801'],
      ['POST', '/__emulator/reset'],
      ['GET', '/__emulator/stats'],
      ['GET', '/rest/v1/leads/partitions.json'],
      ['GET', '/identity/oauth/token?grant_type=client_credentials'],
    ] as const) {
      const response = await stack.api.inject({ method, url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json(), url).toMatchObject({ error: { code: 'not_found' } });
    }
    expect(await upstreamCalls()).toBe(before);
  });
});
