import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../index';
import { type RestClient, restClient } from '../test-client';

let emulator: RunningEmulator;
let client: RestClient;

beforeEach(async () => {
  emulator = await startEmulator();
  client = await restClient(emulator);
});
afterEach(async () => {
  await emulator.close();
});

describe('GET /rest/v1/leads/describe.json', () => {
  it('describes standard and custom fields with ids, types and REST names', async () => {
    const res = await client.get('/v1/leads/describe.json');
    const byName = new Map(res.result?.map((f) => [(f.rest as { name: string }).name, f]));
    expect(byName.get('leadPartitionId')).toEqual({
      id: 479,
      displayName: 'Lead Partition Id',
      dataType: 'reference',
      rest: { name: 'leadPartitionId', readOnly: false },
      soap: { name: 'Lead Partition ID', readOnly: false },
    });
    expect(byName.get('email')).toMatchObject({ dataType: 'email', length: 255 });
    expect(byName.get('createdAt')).toMatchObject({ dataType: 'datetime', rest: { readOnly: true } });
    expect(byName.get('createdAt')).not.toHaveProperty('length');
    const types = new Set(res.result?.map((f) => f.dataType));
    for (const t of ['string', 'email', 'phone', 'integer', 'boolean', 'date', 'datetime', 'reference']) {
      expect(types).toContain(t);
    }
    expect(byName.has('externalCustomerId')).toBe(true);
  });
});

describe('GET /rest/v1/leads/describe2.json', () => {
  it('answers one "API Lead" object with searchable fields and field details', async () => {
    const res = await client.get('/v1/leads/describe2.json');
    expect(res.result).toHaveLength(1);
    const [lead] = res.result as {
      name: string;
      searchableFields: string[][];
      fields: Record<string, unknown>[];
    }[];
    expect(lead?.name).toBe('API Lead');
    expect(lead?.searchableFields).toEqual(expect.arrayContaining([['email'], ['id'], ['leadPartitionId']]));
    expect(lead?.searchableFields).not.toContainEqual(['firstName']);
    // Every custom string/email/integer field, and the standard ones docs/marketo-api.md §7 lists.
    expect(lead?.searchableFields).toEqual(
      expect.arrayContaining([
        ['preferredLanguage'],
        ['externalCustomerId'],
        ['customerTier'],
        ['sfdcOpptyId'],
      ]),
    );
    expect(lead?.searchableFields).not.toContainEqual(['gdprConsent']);
    expect(lead?.fields.find((f) => f.name === 'email')).toEqual({
      name: 'email',
      displayName: 'Email Address',
      dataType: 'email',
      length: 255,
      updateable: true,
      crmManaged: false,
    });
    expect(lead?.fields.find((f) => f.name === 'updatedAt')).toMatchObject({ updateable: false });
  });
});
