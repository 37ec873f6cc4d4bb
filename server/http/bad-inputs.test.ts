// A table of bad requests: each must get a 4xx with the error envelope, and none may reach Marketo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_REASONS, ErrorEnvelopeSchema } from '../contract/errors';
import { startTestStack, type TestStack } from '../test-helpers';

interface BadRequest {
  name: string;
  method?: 'GET' | 'POST';
  url: string;
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
  contentType?: string;
  status: number;
  /** A detail path the answer must name. */
  path?: string;
}

const lead = (fields: Record<string, unknown> = {}) => ({ email: 'bad-input@example.com', ...fields });
const leads = (...items: unknown[]) => ({ leads: items });
const megabyte = 'x'.repeat(1024 * 1024);

const CASES: BadRequest[] = [
  // POST /api/leads: shapes and types
  { name: 'body is an array', url: '/api/leads', body: [lead()], status: 400 },
  { name: 'leads missing', url: '/api/leads', body: { partitionName: 'Mexico' }, status: 400, path: 'leads' },
  { name: 'leads empty', url: '/api/leads', body: leads(), status: 400, path: 'leads' },
  { name: 'leads is a string', url: '/api/leads', body: { leads: 'many' }, status: 400, path: 'leads' },
  {
    name: '1,001 leads',
    url: '/api/leads',
    body: { leads: Array.from({ length: 1001 }, (_, n) => ({ email: `l${n}@example.com` })) },
    status: 400,
    path: 'leads',
  },
  {
    name: 'a lead is a string',
    url: '/api/leads',
    body: leads('ana@example.com'),
    status: 400,
    path: 'leads.0',
  },
  { name: 'a lead has no fields', url: '/api/leads', body: leads({}), status: 400, path: 'leads.0' },
  {
    name: 'lookup value missing',
    url: '/api/leads',
    body: leads(lead(), { firstName: 'Ana' }),
    status: 400,
    path: 'leads.1.email',
  },
  {
    name: 'lookup value empty',
    url: '/api/leads',
    body: leads({ email: '' }),
    status: 400,
    path: 'leads.0.email',
  },
  {
    name: 'email is a number',
    url: '/api/leads',
    body: leads({ email: 42 }),
    status: 400,
    path: 'leads.0.email',
  },
  {
    name: 'email is not an address',
    url: '/api/leads',
    body: leads({ email: 'ana' }),
    status: 400,
    path: 'leads.0.email',
  },
  {
    name: 'non-ASCII email',
    url: '/api/leads',
    body: leads({ email: 'josé@example.mx' }),
    status: 400,
    path: 'leads.0.email',
  },
  {
    name: 'zero-width space in email',
    url: '/api/leads',
    body: leads({ email: 'ana\u200b@example.com' }),
    status: 400,
    path: 'leads.0.email',
  },
  {
    name: 'lone surrogate in email',
    url: '/api/leads',
    body: '{"leads":[{"email":"\\ud800@example.com"}]}',
    status: 400,
  },
  {
    name: 'RTL override in a field name',
    url: '/api/leads',
    body: leads(lead({ 'first\u202eName': 'x' })),
    status: 400,
  },
  {
    name: 'unknown action',
    url: '/api/leads',
    body: { action: 'upsert', leads: [lead()] },
    status: 400,
    path: 'action',
  },
  {
    name: 'action of the wrong type',
    url: '/api/leads',
    body: { action: 5, leads: [lead()] },
    status: 400,
    path: 'action',
  },
  {
    name: 'lookup by id outside updateOnly',
    url: '/api/leads',
    body: { lookupField: 'id', leads: [{ id: 5 }] },
    status: 400,
    path: 'lookupField',
  },
  {
    name: 'id sent to createOnly',
    url: '/api/leads',
    body: { action: 'createOnly', leads: [lead({ id: 5 })] },
    status: 400,
    path: 'leads.0.id',
  },
  {
    name: 'negative id in updateOnly',
    url: '/api/leads',
    body: { action: 'updateOnly', lookupField: 'id', leads: [{ id: -5 }] },
    status: 400,
    path: 'leads.0.id',
  },
  {
    name: 'unknown partition',
    url: '/api/leads',
    body: { partitionName: 'Atlantis', leads: [lead()] },
    status: 400,
    path: 'partitionName',
  },
  {
    name: 'empty partition name',
    url: '/api/leads',
    body: { partitionName: '', leads: [lead()] },
    status: 400,
    path: 'partitionName',
  },
  {
    name: 'partition name of the wrong type',
    url: '/api/leads',
    body: { partitionName: 2, leads: [lead()] },
    status: 400,
    path: 'partitionName',
  },
  {
    name: '__proto__ key',
    url: '/api/leads',
    body: '{"leads":[{"email":"a@example.com","__proto__":{"admin":true}}]}',
    status: 400,
  },
  {
    name: 'constructor.prototype key',
    url: '/api/leads',
    body: '{"leads":[{"email":"a@example.com","constructor":{"prototype":{"admin":true}}}]}',
    status: 400,
  },
  {
    name: 'nested object value',
    url: '/api/leads',
    body: leads(lead({ firstName: { first: 'Ana' } })),
    status: 400,
    path: 'leads.0.firstName',
  },
  {
    name: 'array value',
    url: '/api/leads',
    body: leads(lead({ firstName: ['Ana'] })),
    status: 400,
    path: 'leads.0.firstName',
  },
  {
    name: '1 MB string value',
    url: '/api/leads',
    body: leads(lead({ firstName: megabyte })),
    status: 400,
    path: 'leads.0.firstName',
  },
  {
    name: 'field name with a space',
    url: '/api/leads',
    body: leads(lead({ 'first name': 'Ana' })),
    status: 400,
  },
  { name: 'field name with an accent', url: '/api/leads', body: leads(lead({ nómbre: 'Ana' })), status: 400 },
  {
    name: 'too many fields',
    url: '/api/leads',
    body: leads(lead(Object.fromEntries(Array.from({ length: 501 }, (_, n) => [`f${n}`, 1])))),
    status: 400,
    path: 'leads.0',
  },
  {
    name: 'unknown field',
    url: '/api/leads',
    body: leads(lead({ favouriteColour: 'teal' })),
    status: 400,
    path: 'leads.0.favouriteColour',
  },
  {
    name: 'read-only field',
    url: '/api/leads',
    body: leads(lead({ updatedAt: '2020-01-01T00:00:00Z' })),
    status: 400,
    path: 'leads.0.updatedAt',
  },
  {
    name: 'unknown lookup field',
    url: '/api/leads',
    body: { lookupField: 'shoeSize', leads: [{ shoeSize: 9 }] },
    status: 400,
    path: 'lookupField',
  },
  // POST /api/leads: transport
  {
    name: 'text/plain body',
    url: '/api/leads',
    body: JSON.stringify(leads(lead())),
    contentType: 'text/plain',
    status: 415,
  },
  {
    name: 'form-encoded body',
    url: '/api/leads',
    body: 'leads=1',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
  },
  {
    name: 'multipart body (a cross-site form post)',
    url: '/api/leads',
    body: '--b\r\nContent-Disposition: form-data; name="leads"\r\n\r\n1\r\n--b--\r\n',
    contentType: 'multipart/form-data; boundary=b',
    status: 415,
  },
  { name: 'XML body', url: '/api/leads', body: '<leads/>', contentType: 'application/xml', status: 415 },
  { name: 'truncated JSON', url: '/api/leads', body: '{"leads":[', status: 400 },
  { name: 'empty JSON body', url: '/api/leads', body: '', status: 400 },
  {
    name: 'body over the size limit',
    url: '/api/leads',
    body: leads(...Array.from({ length: 80 }, () => lead({ firstName: megabyte.slice(0, 60_000) }))),
    status: 413,
  },
  // GET /api/leads/:id
  { name: 'non-numeric id', method: 'GET', url: '/api/leads/abc', status: 400, path: 'id' },
  { name: 'negative id', method: 'GET', url: '/api/leads/-1', status: 400, path: 'id' },
  { name: 'zero id', method: 'GET', url: '/api/leads/0', status: 400, path: 'id' },
  { name: 'exponent id', method: 'GET', url: '/api/leads/1e3', status: 400, path: 'id' },
  { name: 'fractional id', method: 'GET', url: '/api/leads/12.5', status: 400, path: 'id' },
  { name: 'id beyond int32', method: 'GET', url: '/api/leads/99999999999', status: 400, path: 'id' },
  {
    name: 'path traversal id',
    method: 'GET',
    url: '/api/leads/..%2F..%2Fidentity%2Foauth%2Ftoken',
    status: 400,
    path: 'id',
  },
  {
    name: 'fields with punctuation',
    method: 'GET',
    url: '/api/leads/318801?fields=email;drop',
    status: 400,
    path: 'fields',
  },
  {
    name: '__proto__ as a field',
    method: 'GET',
    url: '/api/leads/318801?fields=__proto__',
    status: 400,
    path: 'fields',
  },
  // GET /api/leads?email=
  { name: 'lookup without email', method: 'GET', url: '/api/leads', status: 400, path: 'email' },
  {
    name: 'lookup with two emails',
    method: 'GET',
    url: '/api/leads?email=a%40example.com&email=b%40example.com',
    status: 400,
    path: 'email',
  },
  {
    name: 'lookup with a non-ASCII email',
    method: 'GET',
    url: '/api/leads?email=jos%C3%A9%40example.mx',
    status: 400,
    path: 'email',
  },
  {
    name: 'lookup smuggling a second email after a comma',
    method: 'GET',
    url: '/api/leads?email=x%2Cjordan.reyes%40example.com',
    status: 400,
    path: 'email',
  },
  // POST /api/leads/partition
  {
    name: 'move: ids as strings',
    url: '/api/leads/partition',
    body: { ids: ['318801'], partitionName: 'Canada' },
    status: 400,
    path: 'ids.0',
  },
  {
    name: 'move: negative id',
    url: '/api/leads/partition',
    body: { ids: [-4], partitionName: 'Canada' },
    status: 400,
    path: 'ids.0',
  },
  {
    name: 'move: fractional id',
    url: '/api/leads/partition',
    body: { ids: [1.5], partitionName: 'Canada' },
    status: 400,
    path: 'ids.0',
  },
  {
    name: 'move: no ids',
    url: '/api/leads/partition',
    body: { ids: [], partitionName: 'Canada' },
    status: 400,
    path: 'ids',
  },
  {
    name: 'move: 1,001 ids',
    url: '/api/leads/partition',
    body: { ids: Array.from({ length: 1001 }, (_, n) => n + 1), partitionName: 'Canada' },
    status: 400,
    path: 'ids',
  },
  {
    name: 'move: no partition',
    url: '/api/leads/partition',
    body: { ids: [318801] },
    status: 400,
    path: 'partitionName',
  },
  {
    name: 'move: unknown partition',
    url: '/api/leads/partition',
    body: { ids: [318801], partitionName: 'Atlantis' },
    status: 400,
    path: 'partitionName',
  },
  {
    name: 'move: duplicate ids',
    url: '/api/leads/partition',
    body: { ids: [318801, 318801], partitionName: 'Canada' },
    status: 400,
    path: 'ids.1',
  },
  {
    name: 'move: body over its size limit',
    url: '/api/leads/partition',
    body: { ids: [318801], partitionName: 'Canada', padding: 'x'.repeat(100_000) },
    status: 413,
  },
  // GET /api/partitions
  { name: 'refresh=true', method: 'GET', url: '/api/partitions?refresh=true', status: 400, path: 'refresh' },
];

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ app: { maxBodyBytes: 4 * 1024 * 1024 } });
  // Warm the catalogue: name checks must then cost no upstream call at all.
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

describe('bad inputs', () => {
  it('has a table of at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES.filter((bad) => bad.status === 400).slice(0, 12))(
    'without a session, $name → 401, envelope, no upstream call',
    async (bad) => {
      const before = await upstreamCalls();
      const payload =
        typeof bad.body === 'string'
          ? bad.body
          : bad.body === undefined
            ? undefined
            : JSON.stringify(bad.body);
      const response = await stack.app.inject({
        method: bad.method ?? 'POST',
        url: bad.url,
        ...(payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } }),
      });
      expect(response.statusCode).toBe(401);
      ErrorEnvelopeSchema.parse(response.json());
      expect(await upstreamCalls()).toBe(before);
    },
  );

  it.each(CASES.filter((bad) => (bad.method ?? 'POST') === 'POST' && bad.status === 400).slice(0, 12))(
    'as a viewer, $name → 403, envelope, no upstream call',
    async (bad) => {
      const viewer = await stack.signIn({ role: 'viewer', partitions: 'all' });
      const before = await upstreamCalls();
      const payload = typeof bad.body === 'string' ? bad.body : JSON.stringify(bad.body);
      const response = await viewer.inject({
        method: 'POST',
        url: bad.url,
        payload,
        headers: { 'content-type': 'application/json' },
      });
      // Schema errors answer 400 before the role check, the rest 403; either way nothing reaches Marketo.
      expect([400, 403]).toContain(response.statusCode);
      ErrorEnvelopeSchema.parse(response.json());
      expect(await upstreamCalls()).toBe(before);
    },
  );

  it.each(CASES)('$name → $status, envelope, no upstream call', async (bad) => {
    const before = await upstreamCalls();
    const payload =
      typeof bad.body === 'string' ? bad.body : bad.body === undefined ? undefined : JSON.stringify(bad.body);
    const response = await stack.api.inject({
      method: bad.method ?? 'POST',
      url: bad.url,
      ...(payload === undefined ? {} : { payload }),
      headers: payload === undefined ? {} : { 'content-type': bad.contentType ?? 'application/json' },
    });
    expect(response.statusCode).toBe(bad.status);
    const envelope = ErrorEnvelopeSchema.parse(response.json());
    if (bad.path) expect(envelope.error.details?.map((detail) => detail.path)).toContain(bad.path);
    // Every detail carries a reason the browser words beside the input, whatever the language.
    for (const detail of envelope.error.details ?? []) expect(ERROR_REASONS).toContain(detail.reason);
    expect(response.body.length).toBeLessThan(20_000);
    expect(await upstreamCalls()).toBe(before);
  });
});
