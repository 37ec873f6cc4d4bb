import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../index';
import { type RestClient, restClient } from '../test-client';
import { type EmulatorControl, type EmulatorLead, emulatorControl } from '../test-helpers';

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

const sync = (body: Record<string, unknown>): ReturnType<RestClient['post']> =>
  client.post('/v1/leads.json', body);
const byEmail = async (email: string): Promise<EmulatorLead[]> =>
  (await control.leads()).filter((l) => String(l.email).toLowerCase() === email.toLowerCase());
const skip = (code: string, message: string): unknown => ({
  status: 'skipped',
  reasons: [{ code, message }],
});

describe('sync leads: actions', () => {
  it('creates two leads in Mexico, then updates them with the same call shape (the partitions guide)', async () => {
    const input = [{ email: 'ana.lopez@example.mx' }, { email: 'beto.ruiz@example.mx' }];
    const created = await sync({ action: 'createOrUpdate', partitionName: 'Mexico', input });
    expect(created.success).toBe(true);
    expect(created.result).toEqual([
      { id: expect.any(Number) as number, status: 'created' },
      { id: expect.any(Number) as number, status: 'created' },
    ]);
    const updated = await sync({
      action: 'createOrUpdate',
      partitionName: 'Mexico',
      input: input.map((l) => ({ ...l, firstName: 'Nombre', title: 'Gerente' })),
    });
    expect(updated.result?.map((r) => r.status)).toEqual(['updated', 'updated']);
    expect(updated.result?.map((r) => r.id)).toEqual(created.result?.map((r) => r.id));
    const [ana] = await byEmail('ana.lopez@example.mx');
    expect(ana).toMatchObject({ leadPartitionId: 2, firstName: 'Nombre', title: 'Gerente' });
  });

  it('defaults to createOrUpdate by email into the Default partition, with ids above the seed', async () => {
    const res = await sync({ input: [{ email: 'new.person@example.com', firstName: 'New' }] });
    const id = res.result?.[0]?.id as number;
    expect(id).toBeGreaterThan(318822);
    expect((await byEmail('new.person@example.com'))[0]).toMatchObject({ id, leadPartitionId: 1 });
    expect((await sync({ input: [{ email: 'NEW.person@example.com', lastName: 'P' }] })).result).toEqual([
      { id, status: 'updated' },
    ]);
  });

  it('createOnly: creates when absent, 1005 when the key exists', async () => {
    const res = await sync({
      action: 'createOnly',
      input: [{ email: 'fresh@example.com' }, { email: 'jordan.reyes@example.com' }],
    });
    expect(res.result?.[0]?.status).toBe('created');
    expect(res.result?.[1]).toEqual(skip('1005', 'Lead already exists'));
  });

  it('updateOnly: 1004 when absent, updates by email or by id', async () => {
    const res = await sync({
      action: 'updateOnly',
      input: [
        { email: 'ghost@example.com', firstName: 'G' },
        { email: 'jordan.reyes@example.com', title: 'CMO' },
      ],
    });
    expect(res.result).toEqual([skip('1004', 'Lead not found'), { id: 318801, status: 'updated' }]);
    const byId = await sync({
      action: 'updateOnly',
      lookupField: 'id',
      input: [{ id: 318802, firstName: 'Pri' }],
    });
    expect(byId.result).toEqual([{ id: 318802, status: 'updated' }]);
    expect((await byEmail('priya.natarajan@example.com'))[0]?.firstName).toBe('Pri');
    expect(await byEmail('ghost@example.com')).toEqual([]);
  });

  it('createDuplicate: always creates; afterwards the key is ambiguous (1007, real message)', async () => {
    const res = await sync({ action: 'createDuplicate', input: [{ email: 'jordan.reyes@example.com' }] });
    expect(res.result?.[0]?.status).toBe('created');
    expect(await byEmail('jordan.reyes@example.com')).toHaveLength(2);
    const again = await sync({ input: [{ email: 'jordan.reyes@example.com', title: 'x' }] });
    expect(again.result).toEqual([skip('1007', 'Multiple lead match lookup criteria')]);
  });

  it('dedupes on a custom lookup field', async () => {
    const res = await sync({
      lookupField: 'externalCustomerId',
      input: [{ externalCustomerId: 'MX-000318', title: 'Dr' }],
    });
    expect(res.result).toEqual([{ id: 318818, status: 'updated' }]);
  });
});

describe('sync leads: partitions (docs/marketo-api.md §5.3)', () => {
  it('looks keys up instance-wide: a Mexico lead named under Canada is skipped with 1010 and left alone', async () => {
    const res = await sync({
      partitionName: 'Canada',
      input: [{ email: 'enrique.pena-nieto@gob.mx', title: 'X' }],
    });
    expect(res.result).toEqual([skip('1010', 'Partition update not allowed')]);
    expect((await byEmail('enrique.pena-nieto@gob.mx'))[0]).toMatchObject({
      leadPartitionId: 2,
      title: 'El Presidente',
    });
  });

  it('without partitionName updates a lead wherever it is, unless configured to Default only', async () => {
    const input = [{ email: 'enrique.pena-nieto@gob.mx', title: 'Ex Presidente' }];
    expect((await sync({ input })).result).toEqual([{ id: 318816, status: 'updated' }]);
    await control.setConfig({ updateWithoutPartitionName: 'defaultOnly' });
    expect((await sync({ input })).result).toEqual([skip('1010', 'Partition update not allowed')]);
  });

  it('updateOnly ignores partitionName by default, and enforces it when configured', async () => {
    const body = {
      action: 'updateOnly',
      partitionName: 'Canada',
      input: [{ email: 'lucia.hernandez@example.mx' }],
    };
    expect((await sync(body)).result).toEqual([{ id: 318817, status: 'updated' }]);
    await control.setConfig({ updateOnlyPartitionName: 'enforce' });
    expect((await sync(body)).result).toEqual([skip('1010', 'Partition update not allowed')]);
  });

  it('an unknown partitionName skips each record with 1008, or fails the call with 1003 when configured', async () => {
    const body = {
      partitionName: 'Atlantis',
      input: [{ email: 'a@example.com' }, { email: 'jordan.reyes@example.com' }],
    };
    expect((await sync(body)).result).toEqual([
      skip('1008', "Access denied to partition 'Atlantis'"),
      skip('1008', "Access denied to partition 'Atlantis'"),
    ]);
    await control.setConfig({ unknownPartitionName: 'response' });
    const res = await sync(body);
    expect(res).toMatchObject({
      success: false,
      errors: [{ code: '1003', message: "Partition 'Atlantis' not found" }],
    });
    expect(await byEmail('a@example.com')).toEqual([]);
  });

  it('answers 1008 for leads and targets in partitions the API user cannot reach', async () => {
    await control.setConfig({ deniedPartitionIds: [2] });
    const res = await sync({
      input: [{ email: 'mateo.garcia@example.mx', title: 'x' }],
    });
    expect(res.result).toEqual([skip('1008', "Access denied to partition 'Mexico'")]);
    const create = await sync({ partitionName: 'Mexico', input: [{ email: 'nuevo@example.mx' }] });
    expect(create.result).toEqual([skip('1008', "Access denied to partition 'Mexico'")]);
  });
});

describe('sync leads: batch rules', () => {
  it('accepts 300 records and refuses 301 as a whole, storing nothing', async () => {
    const input = (n: number, tag: string): { email: string }[] =>
      Array.from({ length: n }, (_, i) => ({ email: `bulk.${tag}.${i}@example.com` }));
    const ok = await sync({ input: input(300, 'a') });
    expect(ok.result).toHaveLength(300);
    expect(ok.result?.every((r) => r.status === 'created')).toBe(true);
    const tooMany = await sync({ input: input(301, 'b') });
    expect(tooMany.success).toBe(false);
    expect(tooMany.errors?.[0]?.code).toBe('1003');
    expect('result' in tooMany).toBe(false);
    expect((await control.leads()).filter((l) => String(l.email).startsWith('bulk.b.'))).toEqual([]);
  });

  it('answers records in input order, skipped ones with a reasons array and no id', async () => {
    const res = await sync({
      input: [
        { email: 'one@example.com' },
        { email: 'two@example.com', shoeSize: 42 },
        { email: 'jordan.reyes@example.com' },
        { email: 'three@example.com', leadScore: 'lots' },
      ],
    });
    expect(res.result?.map((r) => r.status)).toEqual(['created', 'skipped', 'updated', 'skipped']);
    expect(res.result?.[1]).toEqual(skip('1006', "Field 'shoeSize' not found"));
    expect(res.result?.[3]).toEqual(skip('1001', "Invalid value 'lots'. Required of type 'integer'"));
    expect(res.result?.every((r) => !('reason' in r) && !('seq' in r))).toBe(true);
  });

  it.each([
    [{}, '1003', 'Leads not specified'],
    [{ input: [] }, '1003', 'Leads not specified'],
    [{ input: 'x' }, '609', 'Invalid JSON'],
    [{ input: ['x'] }, '609', 'Invalid JSON'],
    [{ input: [{ email: 'a@example.com' }], action: 'upsert' }, '1003', "Invalid action 'upsert'"],
    [{ input: [{ email: 'a@example.com' }], lookupField: 'shoeSize' }, '1006', "Field 'shoeSize' not found"],
    [
      { input: [{ email: 'a@example.com' }], lookupField: 'firstName' },
      '1011',
      "Field 'firstName' not supported",
    ],
    [{ input: [{ email: 'a@example.com' }], partitionName: 7 }, '1003', 'Invalid partitionName'],
  ])('answers a bad request %j with response-level %s', async (body, code, message) => {
    const res = await sync(body);
    expect(res).toEqual({ requestId: res.requestId, success: false, errors: [{ code, message }] });
  });

  it('refuses id outside updateOnly and leadPartitionId in any record with 1003', async () => {
    const res = await sync({
      action: 'createOnly',
      input: [
        { id: 5, email: 'x@example.com' },
        { email: 'y@example.com', leadPartitionId: 3 },
      ],
    });
    expect(res.result).toEqual([skip('1003', 'Invalid data'), skip('1003', 'Invalid data')]);
  });

  it('asks for the lookup field when a record lacks it (1002), except for createOnly', async () => {
    const res = await sync({ input: [{ firstName: 'Nobody' }] });
    expect(res.result).toEqual([skip('1002', "Missing value for the required parameter 'email'")]);
    expect((await sync({ action: 'createOnly', input: [{ firstName: 'Nobody' }] })).result?.[0]?.status).toBe(
      'created',
    );
  });
});

describe('sync leads: values', () => {
  it.each([
    ['leadScore', 1.5, 'integer'],
    ['leadScore', 2 ** 31, 'integer'],
    ['unsubscribed', 'yes', 'boolean'],
    ['dateOfBirth', '2026-02-30', 'date'],
    ['lastWebinarAt', 'yesterday', 'datetime'],
    ['annualRevenue', 'a lot', 'currency'],
    ['firstName', { nested: true }, 'string'],
    ['preferredLanguage', 'x'.repeat(41), 'string'],
    ['firstName', 'bad \ud800 surrogate', 'string'],
  ])('refuses %s = %j with 1001 (%s)', async (name, value, type) => {
    const res = await sync({ input: [{ email: 'typed@example.com', [name]: value }] });
    expect(res.result?.[0]?.reasons).toEqual([
      {
        code: '1001',
        message: `Invalid value '${typeof value === 'string' ? value : JSON.stringify(value)}'. Required of type '${type}'`,
      },
    ]);
    expect(await byEmail('typed@example.com')).toEqual([]);
  });

  it('refuses non-ASCII emails', async () => {
    const res = await sync({ input: [{ email: 'josé@example.mx' }] });
    expect(res.result?.[0]?.reasons).toEqual([
      { code: '1001', message: expect.stringContaining('email') as string },
    ]);
  });

  it('stores typed values, normalising datetimes to UTC without milliseconds', async () => {
    await sync({
      input: [
        {
          email: 'typed@example.com',
          leadScore: '17',
          unsubscribed: true,
          dateOfBirth: '1990-04-01',
          lastWebinarAt: '2026-03-01T10:00:00.123-06:00',
          annualRevenue: 1234.5,
        },
      ],
    });
    expect((await byEmail('typed@example.com'))[0]).toMatchObject({
      leadScore: 17,
      unsubscribed: true,
      dateOfBirth: '1990-04-01',
      lastWebinarAt: '2026-03-01T16:00:00Z',
      annualRevenue: 1234.5,
    });
  });

  it('keeps odd but valid unicode intact', async () => {
    const names = {
      firstName: 'Zoë 李 🚀',
      lastName: 'عبد الله',
      title: 'e\u0301\u200d\u{1F469}\u200d\u{1F4BB}',
    };
    await sync({ input: [{ email: 'unicode@example.com', ...names }] });
    expect((await byEmail('unicode@example.com'))[0]).toMatchObject(names);
  });

  it('clears a field sent as null or ""', async () => {
    await sync({ input: [{ email: 'jordan.reyes@example.com', title: null, company: '' }] });
    const [lead] = await byEmail('jordan.reyes@example.com');
    expect(lead?.title).toBeNull();
    expect(lead?.company).toBeNull();
    expect(lead?.firstName).toBe('Jordan');
  });

  it('ignores values sent for system-managed timestamps', async () => {
    await sync({ input: [{ email: 'jordan.reyes@example.com', createdAt: '2000-01-01T00:00:00Z' }] });
    expect((await byEmail('jordan.reyes@example.com'))[0]?.createdAt).toBe('2015-08-20T14:03:11Z');
  });
});
