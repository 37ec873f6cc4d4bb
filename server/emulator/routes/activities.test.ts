import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../index';
import { type Envelope, type RestClient, rawFetch, restClient } from '../test-client';
import { type EmulatorControl, emulatorControl } from '../test-helpers';

let emulator: RunningEmulator;
let client: RestClient;
let control: EmulatorControl;
// A controllable clock, so activity dates and `sinceDatetime` can be placed exactly.
let clock = Date.parse('2026-03-01T12:00:00Z');

beforeEach(async () => {
  clock = Date.parse('2026-03-01T12:00:00Z');
  emulator = await startEmulator({ now: () => clock });
  client = await restClient(emulator);
  control = emulatorControl(emulator.origin);
});
afterEach(async () => {
  await emulator.close();
});

const NEW_LEAD = 12;
const CHANGE_PARTITION = 100;

async function tokenSince(since: string): Promise<string> {
  const res = await client.get('/v1/activities/pagingtoken.json', { sinceDatetime: since });
  expect(res.success).toBe(true);
  return res.nextPageToken!;
}

const activities = (query: Record<string, string>): Promise<Envelope> =>
  client.get('/v1/activities.json', query);

async function move(id: number, partitionName: string): Promise<void> {
  const res = await client.post('/v1/leads/partitions.json', { input: [{ id, partitionName }] });
  expect(res.result).toEqual([{ id, status: 'updated' }]);
}

describe('GET /rest/v1/activities/types.json', () => {
  it('describes New Lead and Change Lead Partition with their attributes', async () => {
    const res = await client.get('/v1/activities/types.json');
    expect(res.result).toEqual([
      {
        id: NEW_LEAD,
        name: 'New Lead',
        description: 'New lead was created',
        primaryAttribute: { name: 'Lead ID', dataType: 'integer' },
        attributes: [{ name: 'Source Type', dataType: 'string' }],
      },
      expect.objectContaining({
        id: CHANGE_PARTITION,
        name: 'Change Lead Partition',
        primaryAttribute: { name: 'New Partition ID', dataType: 'integer' },
      }),
    ]);
  });

  it('takes its ids from the config, so a client must look them up by name', async () => {
    await control.setConfig({ newLeadActivityTypeId: 7001, changeLeadPartitionActivityTypeId: 7002 });
    const types = (await client.get('/v1/activities/types.json')).result!;
    expect(types.map((t) => [t.id, t.name])).toEqual([
      [7001, 'New Lead'],
      [7002, 'Change Lead Partition'],
    ]);
    await move(318816, 'Canada');
    const token = await tokenSince('2026-01-01T00:00:00Z');
    const old = await activities({ nextPageToken: token, activityTypeIds: `${CHANGE_PARTITION}` });
    expect(old.result).toEqual([]);
    const res = await activities({ nextPageToken: token, activityTypeIds: '7002' });
    expect(res.result?.map((a) => a.activityTypeId)).toEqual([7002]);
  });
});

describe('recording', () => {
  it('records Change Lead Partition on a move, with the old and new partition', async () => {
    const token = await tokenSince('2026-03-01T00:00:00Z');
    clock += 5_000;
    await move(318816, 'Canada');
    const res = await activities({
      nextPageToken: token,
      activityTypeIds: `${NEW_LEAD},${CHANGE_PARTITION}`,
      leadIds: '318816',
    });
    const [only] = res.result ?? [];
    expect(typeof only?.id).toBe('number');
    expect(only?.marketoGUID).toBe(String(only?.id));
    expect(res.result).toEqual([
      {
        id: only?.id,
        marketoGUID: only?.marketoGUID,
        leadId: 318816,
        activityDate: '2026-03-01T12:00:05Z',
        activityTypeId: CHANGE_PARTITION,
        primaryAttributeValueId: 3,
        primaryAttributeValue: 'Canada',
        attributes: [
          { name: 'Old Partition ID', value: 2 },
          { name: 'Old Partition Name', value: 'Mexico' },
          { name: 'New Partition Name', value: 'Canada' },
          { name: 'Source Type', value: 'Web service API' },
        ],
      },
    ]);
    expect(res.moreResult).toBe(false);
  });

  it('records nothing for a move to the partition the lead is already in', async () => {
    const token = await tokenSince('2026-03-01T00:00:00Z');
    await move(318816, 'Mexico');
    const res = await activities({ nextPageToken: token, activityTypeIds: `${CHANGE_PARTITION}` });
    expect(res.result).toEqual([]);
  });

  it('records New Lead on create, and has one for every seed lead at its creation', async () => {
    const created = await client.post('/v1/leads.json', {
      partitionName: 'Mexico',
      input: [{ email: 'activity.new@example.mx' }],
    });
    const id = created.result?.[0]?.id as number;
    const token = await tokenSince('2015-01-01');
    const res = await activities({
      nextPageToken: token,
      activityTypeIds: `${NEW_LEAD}`,
      leadIds: `318801,${id}`,
    });
    expect(res.result?.map((a) => [a.leadId, a.activityDate, a.primaryAttributeValueId])).toEqual([
      [318801, '2015-08-20T14:03:11Z', 318801],
      [id, '2026-03-01T12:00:00Z', id],
    ]);
  });

  it('starts from sinceDatetime: earlier activities are not returned', async () => {
    await move(318816, 'Canada');
    clock += 60_000;
    const token = await tokenSince('2026-03-01T12:00:30+00:00');
    await move(318816, 'Default');
    const res = await activities({ nextPageToken: token, activityTypeIds: `${CHANGE_PARTITION}` });
    expect(res.result?.map((a) => a.primaryAttributeValue)).toEqual(['Default']);
  });

  it('hides the activities of leads in a denied partition', async () => {
    await move(318816, 'Canada');
    await control.setConfig({ deniedPartitionIds: [3] });
    const token = await tokenSince('2026-01-01T00:00:00Z');
    const res = await activities({ nextPageToken: token, activityTypeIds: `${CHANGE_PARTITION}` });
    expect(res.result).toEqual([]);
  });

  it('forgets the recorded activities on a control reset', async () => {
    await move(318816, 'Canada');
    await control.reset();
    const token = await tokenSince('2026-01-01T00:00:00Z');
    expect(
      (await activities({ nextPageToken: token, activityTypeIds: `${CHANGE_PARTITION}` })).result,
    ).toEqual([]);
  });
});

describe('paging', () => {
  it('follows nextPageToken while moreResult is true, each activity exactly once', async () => {
    let token = await tokenSince('2015-01-01');
    const seen: number[] = [];
    let pages = 0;
    for (;;) {
      const res = await activities({ nextPageToken: token, activityTypeIds: `${NEW_LEAD}`, batchSize: '4' });
      expect(res.nextPageToken).toEqual(expect.any(String));
      seen.push(...(res.result ?? []).map((a) => a.leadId as number));
      pages += 1;
      token = res.nextPageToken!;
      if (!res.moreResult) break;
    }
    // 10 seed leads in pages of 4: 4, 4, 2.
    expect(pages).toBe(3);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    // The last token reads on from there: only what happened since.
    await move(318801, 'Canada');
    const later = await activities({
      nextPageToken: token,
      activityTypeIds: `${NEW_LEAD},${CHANGE_PARTITION}`,
    });
    expect(later.result?.map((a) => a.leadId)).toEqual([318801]);
  });

  it('caps batchSize at 300', async () => {
    const input = Array.from({ length: 300 }, (_, i) => ({ email: `bulk.${i}@example.com` }));
    await client.post('/v1/leads.json', { input });
    await client.post('/v1/leads.json', { input: input.map((r) => ({ email: `2.${r.email}` })) });
    const token = await tokenSince('2015-01-01');
    const res = await activities({ nextPageToken: token, activityTypeIds: `${NEW_LEAD}`, batchSize: '1000' });
    expect(res.result).toHaveLength(300);
    expect(res.moreResult).toBe(true);
  });
});

describe('errors', () => {
  const errorOf = (res: Envelope) => [res.success, res.errors?.[0]?.code];

  it('refuses more than 10 activity types and more than 30 leads with 1003', async () => {
    const token = await tokenSince('2015-01-01');
    const eleven = Array.from({ length: 11 }, (_, i) => i + 1).join(',');
    expect(errorOf(await activities({ nextPageToken: token, activityTypeIds: eleven }))).toEqual([
      false,
      '1003',
    ]);
    const ten = await activities({ nextPageToken: token, activityTypeIds: eleven.replace(/,11$/, '') });
    expect(ten.success).toBe(true);
    const ids = (n: number) => Array.from({ length: n }, (_, i) => 318801 + i).join(',');
    const over = await activities({ nextPageToken: token, activityTypeIds: '12', leadIds: ids(31) });
    expect(errorOf(over)).toEqual([false, '1003']);
    expect(
      (await activities({ nextPageToken: token, activityTypeIds: '12', leadIds: ids(30) })).success,
    ).toBe(true);
  });

  it('answers missing or malformed parameters with 1003 or 1001', async () => {
    const token = await tokenSince('2015-01-01');
    expect(errorOf(await activities({ activityTypeIds: '12' }))).toEqual([false, '1003']);
    expect(errorOf(await activities({ nextPageToken: 'NOTATOKEN', activityTypeIds: '12' }))).toEqual([
      false,
      '1003',
    ]);
    expect(errorOf(await activities({ nextPageToken: token }))).toEqual([false, '1003']);
    expect(errorOf(await activities({ nextPageToken: token, activityTypeIds: 'x' }))).toEqual([
      false,
      '1001',
    ]);
    expect(
      errorOf(await activities({ nextPageToken: token, activityTypeIds: '12', leadIds: '1.5' })),
    ).toEqual([false, '1001']);
    expect(errorOf(await client.get('/v1/activities/pagingtoken.json'))).toEqual([false, '1003']);
    expect(
      errorOf(await client.get('/v1/activities/pagingtoken.json', { sinceDatetime: 'yesterday' })),
    ).toEqual([false, '1001']);
  });

  it('refuses a lead-filter page token, which belongs to another query', async () => {
    const paged = await client.get('/v1/leads.json', {
      filterType: 'leadPartitionId',
      filterValues: '1',
      batchSize: '1',
    });
    const res = await activities({ nextPageToken: paged.nextPageToken!, activityTypeIds: '12' });
    expect(errorOf(res)).toEqual([false, '1003']);
  });

  it('answers a bad access token with 601 like every other call', async () => {
    const res = await rawFetch(`${emulator.restUrl}/v1/activities/types.json`, {
      headers: { Authorization: 'Bearer nope' },
    });
    expect((res.json as Envelope).errors).toEqual([{ code: '601', message: 'Access token invalid' }]);
  });
});
