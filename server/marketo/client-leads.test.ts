// MarketoClient's lead calls against the real emulator: batching, order, paging, `_method=GET`, partial failures.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { emulatorControl, type EmulatorControl } from '../emulator/test-helpers';
import { MarketoClient } from './client';
import { MarketoApiError, MarketoUnavailableError } from './errors';

let emulator: RunningEmulator;
let control: EmulatorControl;
let client: MarketoClient;

function newClient(maxAttempts = 5): MarketoClient {
  return new MarketoClient({
    baseUrl: emulator.origin,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    callsPer20s: 90,
    maxConcurrent: 5,
    retryBaseDelayMs: 10,
    maxAttempts,
  });
}

const emails = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}@example.com`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  control = emulatorControl(emulator.origin);
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await client?.close();
  await control.reset();
  client = newClient();
});

describe('syncLeads', () => {
  it('splits 650 leads into batches of 300 and returns outcomes in input order', async () => {
    const input = emails(650, 'bulk').map((email, i) => ({ email, firstName: `F${i}` }));
    const outcomes = await client.syncLeads({ action: 'createOrUpdate', lookupField: 'email', input });
    expect(outcomes).toHaveLength(650);
    expect(outcomes.every((o) => o.status === 'created' && typeof o.id === 'number')).toBe(true);
    expect((await control.stats()).callsByPath['/rest/v1/leads.json']).toBe(3);
    const byId = new Map((await control.leads()).map((lead) => [lead.id, lead]));
    input.forEach((record, i) => expect(byId.get(outcomes[i]!.id!)?.email).toBe(record.email));
  });

  it('creates in the named partition and reports skipped records with their reasons', async () => {
    const [created] = await client.syncLeads({
      action: 'createOnly',
      lookupField: 'email',
      partitionName: 'Mexico',
      input: [{ email: 'nuevo@example.mx' }],
    });
    expect(created).toMatchObject({ status: 'created' });
    expect((await client.getLeadById(created!.id!, ['leadPartitionId']))?.leadPartitionId).toBe(2);
    const [again] = await client.syncLeads({
      action: 'createOnly',
      lookupField: 'email',
      partitionName: 'Mexico',
      input: [{ email: 'nuevo@example.mx' }],
    });
    expect(again).toMatchObject({ status: 'skipped', reasons: [{ code: '1005' }] });
  });

  it('keeps the other batches when one fails finally, and marks its records failed', async () => {
    const limited = newClient(2);
    await control.setConfig({ latencyMs: 500 });
    const input = emails(700, 'partial').map((email) => ({ email }));
    const pending = limited.syncLeads({ action: 'createOrUpdate', lookupField: 'email', input });
    // Once the first batch is admitted (it has taken no fault), the second and its one retry get 500s.
    for (let i = 0; i < 200 && (await control.stats()).callsByPath['/rest/v1/leads.json'] !== 1; i++) {
      await sleep(5);
    }
    await control.injectFault({ code: 'http500', count: 2, path: '/rest/v1/leads.json' });
    const outcomes = await pending;
    expect(outcomes.slice(0, 300).every((o) => o.status === 'created')).toBe(true);
    expect(outcomes.slice(300, 600).every((o) => o.status === 'failed')).toBe(true);
    expect(outcomes[300]?.reasons?.[0]?.code).toBe('500');
    expect(outcomes.slice(600).every((o) => o.status === 'created')).toBe(true);
    await limited.close();
  });

  it('fails a record too large for any request without sending it, and syncs the rest', async () => {
    const outcomes = await client.syncLeads({
      action: 'createOrUpdate',
      lookupField: 'email',
      input: [{ email: 'small@example.com' }, { email: 'huge@example.com', comments: 'x'.repeat(1_100_000) }],
    });
    expect(outcomes[0]).toMatchObject({ status: 'created' });
    expect(outcomes[1]).toMatchObject({ status: 'failed', reasons: [{ code: '413' }] });
    expect((await control.stats()).callsByPath['/rest/v1/leads.json']).toBe(1);
  });

  it('throws the error when every batch fails', async () => {
    const limited = newClient(1);
    await control.injectFault({ code: 'http502', count: 5 });
    const error = await limited
      .syncLeads({ action: 'createOrUpdate', lookupField: 'email', input: [{ email: 'x@example.com' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketoUnavailableError);
    await limited.close();
  });

  it('does not resend createDuplicate after a failure that may have been applied', async () => {
    await control.injectFault({ code: 'http502' });
    const error = await client
      .syncLeads({ action: 'createDuplicate', lookupField: 'email', input: [{ email: 'dup@example.com' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketoUnavailableError);
    expect((await control.stats()).callsByPath['/rest/v1/leads.json']).toBe(1);
  });
});

describe('syncLeads createOnly after a failure that may have been applied', () => {
  it.each([
    ['604', MarketoApiError],
    ['611', MarketoApiError],
    ['http500', MarketoUnavailableError],
    ['http502', MarketoUnavailableError],
  ] as const)(
    'does not resend it after %s (a resend would report the lead it created as 1005)',
    async (code, errorClass) => {
      await control.injectFault({ code });
      const error = await client
        .syncLeads({ action: 'createOnly', lookupField: 'email', input: [{ email: 'once@example.com' }] })
        .catch((e: unknown) => e);
      // Marketo's own code when it gave one, else "unavailable, not resent because it may have been applied".
      expect(error).toBeInstanceOf(errorClass);
      expect((await control.stats()).callsByPath['/rest/v1/leads.json']).toBe(1);
    },
  );

  it('still resends it after a refusal that did no work (615)', async () => {
    await control.injectFault({ code: '615' });
    const [outcome] = await client.syncLeads({
      action: 'createOnly',
      lookupField: 'email',
      input: [{ email: 'twice@example.com' }],
    });
    expect(outcome).toMatchObject({ status: 'created' });
    expect((await control.stats()).callsByPath['/rest/v1/leads.json']).toBe(2);
  });
});

describe('getLeadById', () => {
  it('returns the requested fields, with null for empty ones', async () => {
    const lead = await client.getLeadById(318816, ['leadPartitionId', 'email', 'fax']);
    expect(lead).toMatchObject({ id: 318816, leadPartitionId: 2, fax: null });
  });

  it('returns undefined for an unknown id', async () => {
    expect(await client.getLeadById(999_999_999)).toBeUndefined();
  });

  it('passes a final Marketo error on with its code, message and requestId', async () => {
    const error = await client.getLeadById(318816, ['noSuchField']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketoApiError);
    expect(error).toMatchObject({ code: '1006' });
    expect((error as MarketoApiError).requestId).toMatch(/#/);
  });
});

describe('getLeadsByFilter', () => {
  it('finds leads by email', async () => {
    const leads = await client.getLeadsByFilter(
      'email',
      ['jordan.reyes@example.com'],
      ['email', 'leadPartitionId'],
    );
    expect(leads).toEqual([{ id: 318801, email: 'jordan.reyes@example.com', leadPartitionId: 1 }]);
  });

  it('follows nextPageToken, splits values by 300 and sends long queries as POST with _method=GET', async () => {
    const input = emails(650, 'a-rather-long-local-part-to-make-the-url-long.').map((email) => ({ email }));
    await client.syncLeads({ action: 'createOnly', lookupField: 'email', input });
    const before = (await control.stats()).callsByPath['/rest/v1/leads.json'] ?? 0;
    const values = input.map((r) => r.email);
    const leads = await client.getLeadsByFilter('email', values, ['email']);
    expect(leads.map((l) => l.email).sort()).toEqual([...values].sort());
    const stats = await control.stats();
    expect(stats.errorsByCode['414']).toBeUndefined();
    expect((stats.callsByPath['/rest/v1/leads.json'] ?? 0) - before).toBe(3);
  });

  it('refuses a value with a comma instead of also finding the lead after it', async () => {
    const error = await client
      .getLeadsByFilter('email', ['x,jordan.reyes@example.com'], ['email'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((await control.stats()).callsByPath['/rest/v1/leads.json']).toBeUndefined();
  });

  it('pages through more than 300 matches of one value', async () => {
    const input = emails(320, 'mx').map((email) => ({ email }));
    await client.syncLeads({ action: 'createOnly', lookupField: 'email', partitionName: 'Canada', input });
    const leads = await client.getLeadsByFilter('leadPartitionId', ['3'], ['email']);
    expect(leads.length).toBeGreaterThanOrEqual(320);
    expect(new Set(leads.map((l) => l.id)).size).toBe(leads.length);
  });
});

describe('updateLeadPartition', () => {
  it('moves leads and reports each move in input order', async () => {
    const outcomes = await client.updateLeadPartition([
      { id: 318801, partitionName: 'Canada' },
      { id: 999_999_999, partitionName: 'Canada' },
    ]);
    expect(outcomes).toEqual([
      { id: 318801, status: 'updated' },
      { id: 999_999_999, status: 'skipped', reasons: [{ code: '1004', message: 'Lead not found' }] },
    ]);
    expect((await client.getLeadById(318801, ['leadPartitionId']))?.leadPartitionId).toBe(3);
  });
});
