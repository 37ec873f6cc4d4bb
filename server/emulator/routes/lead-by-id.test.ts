import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../index';
import { type RestClient, restClient } from '../test-client';
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

describe('GET /rest/v1/lead/{id}.json', () => {
  it('answers the partitions guide lookup: leadPartitionId 2 for lead 318816', async () => {
    const res = await client.get('/v1/lead/318816.json', {
      fields: 'leadPartitionId,email,firstName,lastName,title',
    });
    expect(res).toEqual({
      requestId: res.requestId,
      result: [
        {
          id: 318816,
          leadPartitionId: 2,
          email: 'enrique.pena-nieto@gob.mx',
          firstName: 'Enrique',
          lastName: 'Pena Neito',
          title: 'El Presidente',
        },
      ],
      success: true,
    });
  });

  it('returns the default fields without `fields`', async () => {
    const res = await client.get('/v1/lead/318801.json');
    expect(Object.keys(res.result?.[0] ?? {})).toEqual([
      'id',
      'email',
      'updatedAt',
      'createdAt',
      'firstName',
      'lastName',
    ]);
    expect(res.result?.[0]?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('returns explicit null for empty fields and false for unset booleans', async () => {
    const res = await client.get('/v1/lead/318803.json', { fields: 'title,phone,unsubscribed,leadScore' });
    expect(res.result).toEqual([
      { id: 318803, title: null, phone: null, unsubscribed: false, leadScore: null },
    ]);
  });

  it('ignores bracketed fields[] and accepts repeated fields parameters', async () => {
    const bracketed = await client.raw('/v1/lead/318801.json?fields[]=title');
    expect(Object.keys((bracketed.json as { result: object[] }).result[0] ?? {})).toContain('lastName');
    const repeated = await client.raw('/v1/lead/318801.json?fields=title&fields=city');
    expect((repeated.json as { result: unknown[] }).result).toEqual([
      { id: 318801, title: 'Marketing Operations Manager', city: 'Chicago' },
    ]);
  });

  it('answers an unknown id with an empty result', async () => {
    expect(await client.get('/v1/lead/999999.json')).toMatchObject({ result: [], success: true });
  });

  it('answers an unknown field with a response-level 1006', async () => {
    const res = await client.get('/v1/lead/318801.json', { fields: 'email,shoeSize' });
    expect(res).toEqual({
      requestId: res.requestId,
      success: false,
      errors: [{ code: '1006', message: "Field 'shoeSize' not found" }],
    });
  });

  it('answers a non-numeric id with 1001', async () => {
    expect((await client.get('/v1/lead/abc.json')).errors?.[0]?.code).toBe('1001');
  });

  it('hides leads in partitions the API user cannot reach', async () => {
    await emulatorControl(emulator.origin).setConfig({ deniedPartitionIds: [3] });
    expect((await client.get('/v1/lead/318820.json')).result).toEqual([]);
  });
});
