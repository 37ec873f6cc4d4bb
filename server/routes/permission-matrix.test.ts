// Every role × granted / not granted × every /api route, against the emulator. A refusal must cost no Marketo
// call, and a lead outside the grants must read exactly like a lead that does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../contract/access';
import { startTestStack, TEST_PASSWORD, type ApiClient, type TestStack } from '../test-helpers';

let stack: TestStack;
let run = 0;

beforeAll(async () => {
  stack = await startTestStack();
  await stack.api.inject('/api/partitions');
  await stack.api.inject('/api/fields');
});
afterAll(async () => {
  await stack.close();
});

async function upstreamCalls(): Promise<number> {
  const stats = await stack.control.stats();
  return stats.calls + stats.identityCalls;
}

type Grant = 'granted' | 'not granted';
type Expect = number | ((role: Role, grant: Grant) => number);

interface RouteCase {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string | (() => Promise<string>);
  body?: (client: ApiClient | undefined) => unknown;
  expected: Expect;
  /** Answers without a session too (sign-in). */
  public?: boolean;
}

const MEXICO_LEAD = 318816;
const editorGranted = (role: Role, grant: Grant) =>
  role === 'viewer' ? 403 : grant === 'granted' ? 200 : 403;
const adminOnly = (ok: number) => (role: Role) => (role === 'admin' ? ok : 403);
const readLead = (_role: Role, grant: Grant) => (grant === 'granted' ? 200 : 404);

async function newUserId(): Promise<string> {
  const other = await stack.signIn({ role: 'viewer', partitions: [2] });
  return String(other.user.id);
}

const ROUTES: RouteCase[] = [
  { name: 'session', method: 'GET', url: '/api/session', expected: 200 },
  {
    name: 'sign in',
    method: 'POST',
    url: '/api/session',
    body: (client) => ({ email: client?.user.email ?? 'nobody@example.com', password: TEST_PASSWORD }),
    expected: 200,
    public: true,
  },
  { name: 'sign out', method: 'DELETE', url: '/api/session', expected: 204 },
  { name: 'status', method: 'GET', url: '/api/status', expected: 200 },
  { name: 'partitions', method: 'GET', url: '/api/partitions', expected: 200 },
  { name: 'fields', method: 'GET', url: '/api/fields', expected: 200 },
  { name: 'lead by id', method: 'GET', url: `/api/leads/${MEXICO_LEAD}`, expected: readLead },
  { name: 'lead history', method: 'GET', url: `/api/leads/${MEXICO_LEAD}/history`, expected: readLead },
  { name: 'lead lookup', method: 'GET', url: '/api/leads?email=lucia.hernandez%40example.mx', expected: 200 },
  {
    name: 'write leads',
    method: 'POST',
    url: '/api/leads',
    body: () => ({ partitionName: 'Mexico', leads: [{ email: `matrix-${++run}@example.mx` }] }),
    expected: editorGranted,
  },
  {
    name: 'move leads',
    method: 'POST',
    url: '/api/leads/partition',
    body: () => ({ ids: [318817], partitionName: 'Mexico' }),
    expected: editorGranted,
  },
  { name: 'list users', method: 'GET', url: '/api/users', expected: adminOnly(200) },
  {
    name: 'create user',
    method: 'POST',
    url: '/api/users',
    body: () => ({
      email: `created-${++run}@example.com`,
      name: 'New',
      role: 'viewer',
      partitions: [2],
      password: 'a-good-long-password',
    }),
    expected: adminOnly(201),
  },
  {
    name: 'update user',
    method: 'PATCH',
    url: async () => `/api/users/${await newUserId()}`,
    body: () => ({ name: 'Renamed' }),
    expected: adminOnly(200),
  },
  {
    name: 'reset password',
    method: 'POST',
    url: async () => `/api/users/${await newUserId()}/password`,
    body: () => ({ password: 'another-long-password' }),
    expected: adminOnly(204),
  },
  { name: 'activity', method: 'GET', url: '/api/activity', expected: 200 },
  { name: 'activity CSV', method: 'GET', url: '/api/activity.csv', expected: 200 },
  { name: 'API description', method: 'GET', url: '/api/docs', expected: 200 },
];

const ROLES: Role[] = ['viewer', 'editor', 'admin'];
const GRANTS: Grant[] = ['granted', 'not granted'];
const CELLS = ROLES.flatMap((role) =>
  GRANTS.flatMap((grant) =>
    ROUTES.map((route) => ({ role, grant, route, label: `${role} ${grant}: ${route.name}` })),
  ),
);

async function send(client: ApiClient | undefined, route: RouteCase) {
  const url = typeof route.url === 'string' ? route.url : await route.url();
  const body = route.body?.(client);
  const options = {
    method: route.method,
    url,
    ...(body === undefined
      ? {}
      : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  };
  return client ? client.inject(options) : stack.app.inject(options);
}

describe('permission matrix', () => {
  it.each(CELLS)('$label', async ({ role, grant, route }) => {
    // Mexico (id 2) is the partition every case acts on; "not granted" users have Canada only.
    const client = await stack.signIn({ role, partitions: grant === 'granted' ? [2] : [3] });
    const expected = typeof route.expected === 'number' ? route.expected : route.expected(role, grant);
    const before = await upstreamCalls();
    const response = await send(client, route);
    expect(response.statusCode, response.body).toBe(expected);
    if (expected === 403) {
      expect(response.json()).toMatchObject({ error: { code: 'forbidden' } });
      expect(await upstreamCalls()).toBe(before);
    }
  });

  it.each(ROUTES.filter((route) => !route.public))(
    'without a session, $name → 401 and no Marketo call',
    async (route) => {
      const before = await upstreamCalls();
      const response = await send(undefined, route);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({
        error: { code: 'unauthenticated', message: 'Sign in to continue.' },
      });
      expect(await upstreamCalls()).toBe(before);
    },
  );

  it.each(['/%61pi/status', '/api/%73tatus', '/%61pi/leads/318816', '/api/leads/%33%31%38%38%31%36'])(
    'decodes nothing past the session check: %s → 401',
    async (url) => {
      const response = await stack.app.inject(url);
      expect(response.statusCode).toBe(401);
    },
  );

  it('asks for the CSRF token on an encoded write path too', async () => {
    const client = await stack.signIn({ role: 'admin', partitions: 'all' });
    const response = await stack.app.inject({
      method: 'POST',
      url: '/%61pi/leads',
      payload: { leads: [{ email: 'encoded@example.com' }] },
      headers: { cookie: client.cookie },
    });
    expect(response.statusCode).toBe(403);
  });

  it('lets sign-in through without a session (and no Marketo call)', async () => {
    const user = await stack.signIn({ role: 'viewer', partitions: [2] });
    const before = await upstreamCalls();
    const signIn = (password: string) =>
      stack.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: user.user.email, password },
      });
    const good = await signIn(TEST_PASSWORD);
    expect(good.statusCode, good.body).toBe(200);
    expect(String(good.headers['set-cookie'])).toContain('pc_session=');
    expect((await signIn('not-the-password')).statusCode).toBe(401);
    expect(await upstreamCalls()).toBe(before);
  });

  it('keeps only /api/health public; /api/docs needs a session', async () => {
    expect((await stack.app.inject('/api/health')).statusCode).toBe(200);
    expect((await stack.app.inject('/api/docs')).statusCode).toBe(401);
    expect((await stack.app.inject({ method: 'HEAD', url: '/api/docs' })).statusCode).toBe(401);
    const viewer = await stack.signIn({ role: 'viewer', partitions: [3] });
    expect((await viewer.inject('/api/docs')).statusCode).toBe(200);
  });

  it('reads a lead outside the grants byte for byte like a lead that does not exist', async () => {
    const canadaOnly = await stack.signIn({ role: 'admin', partitions: [3] });
    const hidden = await canadaOnly.inject(`/api/leads/${MEXICO_LEAD}`);
    const missing = await canadaOnly.inject('/api/leads/2000000000');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body.replace(String(MEXICO_LEAD), 'N')).toBe(missing.body.replace('2000000000', 'N'));
    expect(hidden.headers['content-type']).toBe(missing.headers['content-type']);
  });

  it('lists only granted partitions and only leads in them', async () => {
    const canada = await stack.signIn({ role: 'viewer', partitions: [3] });
    const partitions = (await canada.inject('/api/partitions')).json<{ partitions: { name: string }[] }>();
    expect(partitions.partitions.map((partition) => partition.name)).toEqual(['Canada']);
    const leads = (await canada.inject('/api/leads?email=lucia.hernandez%40example.mx')).json<{
      leads: unknown[];
    }>();
    expect(leads.leads).toEqual([]);
    const everything = await stack.signIn({ role: 'viewer', partitions: 'all' });
    const all = (await everything.inject('/api/partitions')).json<{ partitions: unknown[] }>();
    expect(all.partitions).toHaveLength(3);
  });
});
