import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../index';
import { type Envelope, type RestClient, restClient } from '../test-client';
import { emulatorControl } from '../test-helpers';

let emulator: RunningEmulator;
let client: RestClient;

beforeEach(async () => {
  emulator = await startEmulator();
  client = await restClient(emulator);
});
afterEach(async () => {
  await emulator.close();
});

const filter = (query: Record<string, string>): Promise<Envelope> => client.get('/v1/leads.json', query);
const ids = (res: Envelope): unknown[] => res.result?.map((r) => r.id) ?? [];

describe('GET /rest/v1/leads.json by filter type', () => {
  it('finds leads by email, case-insensitively, across partitions, ordered by id', async () => {
    const res = await filter({
      filterType: 'email',
      filterValues: 'ENRIQUE.PENA-NIETO@gob.mx,sarah.nguyen@example.ca,nobody@example.com',
      fields: 'email,leadPartitionId',
    });
    expect(res.result).toEqual([
      { id: 318816, email: 'enrique.pena-nieto@gob.mx', leadPartitionId: 2 },
      { id: 318822, email: 'sarah.nguyen@example.ca', leadPartitionId: 3 },
    ]);
    expect('moreResult' in res).toBe(false);
  });

  it('finds leads by id, by leadPartitionId and by a custom string field', async () => {
    expect(ids(await filter({ filterType: 'id', filterValues: '318817,318801' }))).toEqual([318801, 318817]);
    expect(ids(await filter({ filterType: 'leadPartitionId', filterValues: '3' }))).toEqual([
      318820, 318821, 318822,
    ]);
    expect(ids(await filter({ filterType: 'externalCustomerId', filterValues: 'CA-000822' }))).toEqual([
      318822,
    ]);
    expect(ids(await filter({ filterType: 'customerTier', filterValues: '1,2' }))).toEqual([318802, 318821]);
  });

  it('answers no match with an empty result', async () => {
    expect(await filter({ filterType: 'email', filterValues: 'none@example.com' })).toMatchObject({
      result: [],
      success: true,
    });
  });

  it('pages with batchSize, moreResult and nextPageToken until the last page', async () => {
    const seen: unknown[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await filter({
        filterType: 'leadPartitionId',
        filterValues: '1,2,3',
        batchSize: '4',
        ...(token ? { nextPageToken: token } : {}),
      });
      pages += 1;
      seen.push(...ids(res));
      token = res.nextPageToken;
      expect(res.moreResult ?? false).toBe(token !== undefined);
      if (token) expect(token).toMatch(/^[A-Z2-7]+$/);
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });

  it('refuses a page token from another query', async () => {
    const first = await filter({ filterType: 'leadPartitionId', filterValues: '1', batchSize: '2' });
    const res = await filter({
      filterType: 'leadPartitionId',
      filterValues: '2',
      nextPageToken: first.nextPageToken ?? '',
    });
    expect(res.errors?.[0]?.code).toBe('1003');
  });

  it('filters by any custom string field, e.g. preferredLanguage (docs/marketo-api.md §7)', async () => {
    const res = await filter({
      filterType: 'preferredLanguage',
      filterValues: 'es-MX',
      fields: 'preferredLanguage,leadPartitionId',
    });
    expect(res.success).toBe(true);
    expect(res.result).toEqual([
      { id: 318816, preferredLanguage: 'es-MX', leadPartitionId: 2 },
      { id: 318817, preferredLanguage: 'es-MX', leadPartitionId: 2 },
    ]);
  });

  it('accepts the standard sfdcOpptyId filter', async () => {
    const res = await filter({ filterType: 'sfdcOpptyId', filterValues: '0065g00000AbCdEAAV' });
    expect(res).toMatchObject({ success: true, result: [] });
  });

  it('refuses a custom field of a type Marketo does not filter on with 1011', async () => {
    const res = await filter({ filterType: 'gdprConsent', filterValues: 'true' });
    expect(res.errors).toEqual([{ code: '1011', message: "Field 'gdprConsent' not supported" }]);
  });

  it.each([
    [{ filterValues: 'a@example.com' }, '1003'],
    [{ filterType: 'email' }, '1003'],
    [{ filterType: 'shoeSize', filterValues: '42' }, '1006'],
    [{ filterType: 'firstName', filterValues: 'Jordan' }, '1011'],
    [{ filterType: 'id', filterValues: 'abc' }, '1001'],
    [{ filterType: 'email', filterValues: 'a@example.com', fields: 'shoeSize' }, '1006'],
    [{ filterType: 'email', filterValues: 'a@example.com', batchSize: '0' }, '1001'],
    [{ filterType: 'cookies', filterValues: 'not-a-cookie' }, '1012'],
  ])('answers %j with response-level %s', async (query, code) => {
    const res = await filter(query);
    expect(res.success).toBe(false);
    expect(res.errors?.[0]?.code).toBe(code);
  });

  it('accepts up to 300 filter values and refuses 301', async () => {
    const values = (n: number): string => Array.from({ length: n }, (_, i) => String(i + 1)).join(',');
    expect((await filter({ filterType: 'id', filterValues: values(300) })).success).toBe(true);
    expect((await filter({ filterType: 'id', filterValues: values(301) })).errors?.[0]?.code).toBe('1003');
  });

  it('answers 1003 when more than 1,000 leads match', async () => {
    for (let batch = 0; batch < 4; batch += 1) {
      const input = Array.from({ length: 250 }, (_, i) => ({ email: `many.${batch}.${i}@example.com` }));
      await client.post('/v1/leads.json', { input });
    }
    const res = await filter({ filterType: 'leadPartitionId', filterValues: '1' });
    expect(res).toEqual({
      requestId: res.requestId,
      success: false,
      errors: [{ code: '1003', message: 'Too many results match the filter' }],
    });
  });

  it('accepts POST with _method=GET in the query or in the form body', async () => {
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const body = 'filterType=email&filterValues=liam.oconnor%40example.ca&fields=email,leadPartitionId';
    for (const [path, payload] of [
      ['/v1/leads.json?_method=GET', body],
      ['/v1/leads.json', `_method=GET&${body}`],
    ] as const) {
      const res = await client.raw(path, { method: 'POST', headers: form, body: payload });
      expect(res.json).toMatchObject({
        result: [{ id: 318821, email: 'liam.oconnor@example.ca', leadPartitionId: 3 }],
        success: true,
      });
    }
  });

  it('serves a long query through _method=GET that would be 414 as a GET', async () => {
    const values = Array.from({ length: 300 }, (_, i) => `long.query.person.${i}@example.com`).join(',');
    expect((await client.raw(`/v1/leads.json?filterType=email&filterValues=${values}`)).status).toBe(414);
    const res = await client.raw('/v1/leads.json?_method=GET', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ filterType: 'email', filterValues: values }).toString(),
    });
    expect(res.json).toMatchObject({ result: [], success: true });
  });

  it('leaves out leads in partitions the API user cannot reach', async () => {
    await emulatorControl(emulator.origin).setConfig({ deniedPartitionIds: [2] });
    expect(ids(await filter({ filterType: 'leadPartitionId', filterValues: '2,3' }))).toEqual([
      318820, 318821, 318822,
    ]);
  });
});
