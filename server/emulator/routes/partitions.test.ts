import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../index';
import { type RestClient, restClient } from '../test-client';
import { type EmulatorControl, emulatorControl } from '../test-helpers';

let emulator: RunningEmulator;
let client: RestClient;
let control: EmulatorControl;

beforeEach(async () => {
  emulator = await startEmulator();
  client = await restClient(emulator);
  control = emulatorControl(emulator.origin);
});
afterEach(async () => {
  await emulator.close();
});

const partitionOf = async (id: number): Promise<unknown> =>
  (await control.leads()).find((l) => l.id === id)?.leadPartitionId;

describe('GET /rest/v1/leads/partitions.json', () => {
  it('lists the partitions of the guide, Default first', async () => {
    const res = await client.get('/v1/leads/partitions.json');
    expect(res.result).toEqual([
      { id: 1, name: 'Default', description: 'Initial system lead partition' },
      { id: 2, name: 'Mexico', description: 'Leads that live in Mexico' },
      { id: 3, name: 'Canada', description: 'Leads that live in Canada' },
    ]);
  });
});

describe('POST /rest/v1/leads/partitions.json (update lead partition)', () => {
  it('moves leads and answers per record in input order', async () => {
    const res = await client.post('/v1/leads/partitions.json', {
      input: [
        { id: 318816, partitionName: 'Canada' },
        { id: 999999, partitionName: 'Canada' },
        { id: 318817, partitionName: 'Atlantis' },
        { id: 318818 },
        { id: 318801, partitionName: 'Default' },
      ],
    });
    expect(res.result).toEqual([
      { id: 318816, status: 'updated' },
      { id: 999999, status: 'skipped', reasons: [{ code: '1004', message: 'Lead not found' }] },
      {
        id: 318817,
        status: 'skipped',
        reasons: [{ code: '1008', message: "Access denied to partition 'Atlantis'" }],
      },
      { status: 'skipped', reasons: [{ code: '1003', message: 'Invalid data' }] },
      { id: 318801, status: 'updated' },
    ]);
    expect(await partitionOf(318816)).toBe(3);
    expect(await partitionOf(318817)).toBe(2);
    expect((await client.get('/v1/lead/318816.json', { fields: 'leadPartitionId' })).result).toEqual([
      { id: 318816, leadPartitionId: 3 },
    ]);
  });

  it('refuses moves into or out of partitions the API user cannot reach', async () => {
    await control.setConfig({ deniedPartitionIds: [3] });
    const res = await client.post('/v1/leads/partitions.json', {
      input: [
        { id: 318816, partitionName: 'Canada' },
        { id: 318820, partitionName: 'Default' },
      ],
    });
    expect(res.result?.map((r) => (r.reasons as { code: string }[] | undefined)?.[0]?.code)).toEqual([
      '1008',
      '1008',
    ]);
    expect(await partitionOf(318820)).toBe(3);
  });

  it('needs a JSON body with input, at most 300 items', async () => {
    expect((await client.post('/v1/leads/partitions.json', {})).errors?.[0]?.code).toBe('1003');
    const input = Array.from({ length: 301 }, () => ({ id: 318816, partitionName: 'Canada' }));
    expect((await client.post('/v1/leads/partitions.json', { input })).errors?.[0]?.code).toBe('1003');
    expect(await partitionOf(318816)).toBe(2);
  });
});

describe('POST /rest/v1/leads/delete.json', () => {
  it('deletes by input ids, answering deleted or 1004 per record', async () => {
    const res = await client.post('/v1/leads/delete.json', { input: [{ id: 318801 }, { id: 5 }] });
    expect(res.result).toEqual([
      { id: 318801, status: 'deleted' },
      { id: 5, status: 'skipped', reasons: [{ code: '1004', message: 'Lead not found' }] },
    ]);
    expect((await client.get('/v1/lead/318801.json')).result).toEqual([]);
  });

  it('also takes ids from the id query parameter', async () => {
    const res = await client.raw('/v1/leads/delete.json?id=318802,318803', { method: 'POST' });
    expect((res.json as { result: unknown[] }).result).toEqual([
      { id: 318802, status: 'deleted' },
      { id: 318803, status: 'deleted' },
    ]);
  });

  it('never reuses the id of a deleted lead', async () => {
    const created = await client.post('/v1/leads.json', { input: [{ email: 'temp@example.com' }] });
    const id = created.result?.[0]?.id as number;
    await client.post('/v1/leads/delete.json', { input: [{ id }] });
    const again = await client.post('/v1/leads.json', { input: [{ email: 'temp@example.com' }] });
    expect(again.result?.[0]?.id).toBe(id + 1);
  });
});
