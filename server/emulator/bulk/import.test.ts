// Bulk Lead Import through real HTTP: the upload, the batch's states, the failures and warnings files, the rows
// written with Sync Leads' rules, and Marketo's limits (10 queued, 2 importing, 10 MB).
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../index';
import { emulatorControl } from '../test-helpers';
import { type BulkClient, bulkClient } from './bulk-test-client';

let emulator: RunningEmulator;
let bulk: BulkClient;
const control = () => emulatorControl(emulator.origin);
const FAST = { bulkTickMs: 5, bulkRowsPerTick: 2 };

beforeAll(async () => {
  emulator = await startEmulator({ config: FAST });
  bulk = await bulkClient(emulator);
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await control().reset();
});

const done = (r: Record<string, unknown>) => r.status === 'Complete' || r.status === 'Failed';
const finished = (batchId: unknown) => bulk.poll(`/bulk/v1/leads/batch/${String(batchId)}.json`, done);
const byEmail = async (email: string) =>
  (await control().leads()).find((l) => String(l.email).toLowerCase() === email.toLowerCase());

describe('Bulk Lead Import', () => {
  it('queues the file, imports it in the background, and reports failures and warnings as files', async () => {
    const file = [
      'email,firstName,leadScore,backupEmail',
      'new.one@example.com,New,10,',
      'jordan.reyes@example.com,Jordan B,20,',
      'bad.score@example.com,Bad,lots,',
      '"warned@example.com","Warned, W",5,not-an-email',
      'chris.morgan@example.org,Twice,1,',
    ].join('\n');
    const upload = await bulk.upload(file, { format: 'csv' });
    expect(upload.success).toBe(true);
    const queued = upload.result?.[0] as Record<string, unknown>;
    expect(typeof queued.batchId).toBe('number');
    expect(queued).toEqual({ batchId: queued.batchId, importId: String(queued.batchId), status: 'Queued' });

    const status = await finished(queued.batchId);
    expect(status).toEqual({
      batchId: queued.batchId,
      importId: String(queued.batchId),
      status: 'Complete',
      numOfLeadsProcessed: 3,
      numOfRowsFailed: 2,
      numOfRowsWithWarning: 1,
      message: 'Import completed with errors, 3 records imported (3 members), 2 failed, 1 warning.',
    });

    const failures = await bulk.get(`/bulk/v1/leads/batch/${String(queued.batchId)}/failures.json`);
    expect(failures.status).toBe(200);
    expect(failures.headers.get('content-type')).toBe('text/csv;charset=UTF-8');
    expect(failures.text).toBe(
      'email,firstName,leadScore,backupEmail,Import Failure Reason\n' +
        'bad.score@example.com,Bad,lots,,Invalid data type in field Lead Score\n' +
        'chris.morgan@example.org,Twice,1,,Multiple lead match lookup criteria\n',
    );
    const warnings = await bulk.get(`/bulk/v1/leads/batch/${String(queued.batchId)}/warnings.json`);
    expect(warnings.text).toBe(
      'email,firstName,leadScore,backupEmail,Import Warning Reason\n' +
        'warned@example.com,"Warned, W",5,not-an-email,Invalid email address\n',
    );

    expect(await byEmail('new.one@example.com')).toMatchObject({
      firstName: 'New',
      leadScore: 10,
      leadPartitionId: 1,
    });
    expect(await byEmail('jordan.reyes@example.com')).toMatchObject({ id: 318801, firstName: 'Jordan B' });
    expect(await byEmail('warned@example.com')).toMatchObject({ firstName: 'Warned, W', leadScore: 5 });
    expect((await byEmail('warned@example.com'))?.backupEmail).toBeUndefined();
    expect(await byEmail('bad.score@example.com')).toBeUndefined();
  });

  it('moves from Queued through Importing to Complete at the configured pace', async () => {
    await control().setConfig({ bulkRowsPerTick: 0 });
    const rows = Array.from({ length: 6 }, (_, i) => `paced${i}@example.com,P${i}`);
    const upload = await bulk.upload(['email,firstName', ...rows].join('\n'));
    const batchId = (upload.result?.[0] as { batchId: number }).batchId;
    const path = `/bulk/v1/leads/batch/${batchId}.json`;
    // Held at 0 rows a tick: the batch starts but writes nothing.
    const importing = await bulk.poll(path, (r) => r.status === 'Importing');
    expect(importing.numOfLeadsProcessed).toBe(0);
    await control().setConfig({ bulkRowsPerTick: 4 });
    const partway = await bulk.poll(path, (r) => Number(r.numOfLeadsProcessed) > 0);
    expect([4, 6]).toContain(partway.numOfLeadsProcessed);
    expect(await finished(batchId)).toMatchObject({ status: 'Complete', numOfLeadsProcessed: 6 });
  });

  it('imports into the named partition and leaves a lead of another partition alone', async () => {
    const file = 'email,firstName\nnew.mx@example.com,Nuevo\nemily.tremblay@example.ca,Changed\n';
    const upload = await bulk.upload(file, { format: 'csv', partitionName: 'Mexico' });
    const status = await finished((upload.result?.[0] as { batchId: number }).batchId);
    expect(status).toMatchObject({ numOfLeadsProcessed: 1, numOfRowsFailed: 1 });
    const failures = await bulk.get(`/bulk/v1/leads/batch/${String(status.batchId)}/failures.json`);
    expect(failures.text).toContain('emily.tremblay@example.ca,Changed,Partition update not allowed\n');
    expect(await byEmail('new.mx@example.com')).toMatchObject({ leadPartitionId: 2 });
    const untouched = await byEmail('emily.tremblay@example.ca');
    expect(untouched).toMatchObject({ leadPartitionId: 3 });
    expect(untouched?.firstName).not.toBe('Changed');
  });

  it('refuses a row whose lead lives in a partition the API user cannot reach', async () => {
    await control().setConfig({ deniedPartitionIds: [3] });
    const upload = await bulk.upload('email,firstName\nemily.tremblay@example.ca,Hidden\n');
    const status = await finished((upload.result?.[0] as { batchId: number }).batchId);
    expect(status).toMatchObject({ numOfLeadsProcessed: 0, numOfRowsFailed: 1 });
    const failures = await bulk.get(`/bulk/v1/leads/batch/${String(status.batchId)}/failures.json`);
    expect(failures.text).toContain(",Access denied to partition 'Canada'\n");
    expect((await byEmail('emily.tremblay@example.ca'))?.firstName).not.toBe('Hidden');
  });

  it('records a New Lead activity for each lead it creates, and none for an update', async () => {
    const upload = await bulk.upload('email\nactive.new@example.com\njordan.reyes@example.com\n');
    await finished((upload.result?.[0] as { batchId: number }).batchId);
    const created = await byEmail('active.new@example.com');
    const rest = `${emulator.restUrl}/v1/activities`;
    const auth = { headers: { Authorization: `Bearer ${bulk.token}` } };
    const token = (await (await fetch(`${rest}/pagingtoken.json?sinceDatetime=2000-01-01`, auth)).json()) as {
      nextPageToken: string;
    };
    const query = new URLSearchParams({
      nextPageToken: token.nextPageToken,
      activityTypeIds: '12',
      leadIds: `${String(created?.id)},318801`,
    });
    const page = (await (await fetch(`${rest}.json?${query.toString()}`, auth)).json()) as {
      result?: { leadId: number }[];
    };
    // Seed leads have their own New Lead from the seed; the import adds one, for the lead it created.
    expect(page.result?.map((a) => a.leadId).sort()).toEqual([318801, created?.id].sort());
  });

  it('keyed on id, only updates; reads tsv and ssv', async () => {
    const tsv = await bulk.upload('id\tfirstName\n318802\tPriya T\n999999\tNobody\n', {
      format: 'tsv',
      lookupField: 'id',
    });
    const status = await finished((tsv.result?.[0] as { batchId: number }).batchId);
    expect(status).toMatchObject({ numOfLeadsProcessed: 1, numOfRowsFailed: 1 });
    const failures = await bulk.get(`/bulk/v1/leads/batch/${String(status.batchId)}/failures.json`);
    expect(failures.text).toBe('id\tfirstName\tImport Failure Reason\n999999\tNobody\tLead not found\n');
    expect((await control().leads()).find((l) => l.id === 318802)).toMatchObject({ firstName: 'Priya T' });

    const ssv = await bulk.upload('email;lastName\nsemi@example.com;Colon, Jr\n', { format: 'SSV' });
    expect(await finished((ssv.result?.[0] as { batchId: number }).batchId)).toMatchObject({
      status: 'Complete',
    });
    expect(await byEmail('semi@example.com')).toMatchObject({ lastName: 'Colon, Jr' });
  });

  it('fails the batch for a header that names no REST field', async () => {
    const upload = await bulk.upload('email,First Name\na@example.com,A\n');
    expect(await finished((upload.result?.[0] as { batchId: number }).batchId)).toMatchObject({
      status: 'Failed',
      numOfLeadsProcessed: 0,
      message: "Field 'First Name' not found",
    });
    expect(await byEmail('a@example.com')).toBeUndefined();
  });

  it('refuses bad requests with Marketo codes', async () => {
    const codeOf = async (file: string, query: Record<string, string>) => {
      const res = await bulk.upload(file, query);
      return res.errors?.[0];
    };
    expect(await codeOf('', { format: 'csv' })).toEqual({ code: '1003', message: 'Empty File' });
    expect(await codeOf('email\na@b.co\n', { format: 'xlsx' })).toEqual({
      code: '1003',
      message: "Invalid format 'xlsx'",
    });
    expect((await codeOf('email\na@b.co\n', { format: 'csv', lookupField: 'nope' }))?.code).toBe('1006');
    expect((await codeOf('email\na@b.co\n', { format: 'csv', lookupField: 'firstName' }))?.code).toBe('1011');
    expect((await codeOf('email\na@b.co\n', { format: 'csv', listId: '12' }))?.code).toBe('1013');

    const json = await bulk.get('/bulk/v1/leads.json', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect((json.json as { errors: unknown[] }).errors).toEqual([
      { code: '612', message: 'Invalid Content Type' },
    ]);
    const noBoundary = await bulk.get('/bulk/v1/leads.json', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data' },
      body: 'x',
    });
    expect((noBoundary.json as { errors: unknown[] }).errors).toEqual([
      { code: '613', message: 'Invalid Multipart Request' },
    ]);
    const truncated = await bulk.get('/bulk/v1/leads.json', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' },
      body: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nemail\r\n',
    });
    expect((truncated.json as { errors: { code: string }[] }).errors[0]?.code).toBe('613');
    const unknown = await bulk.get('/bulk/v1/leads/batch/424242.json');
    expect((unknown.json as { errors: { code: string }[] }).errors[0]?.code).toBe('1013');
    // The ten seed leads, and nothing from any refused upload.
    expect((await control().leads()).length).toBe(10);
  });

  it('takes its parameters from form fields as Adobe’s curl example sends them', async () => {
    const form = new FormData();
    form.append('format', 'csv');
    form.append('partitionName', 'Canada');
    form.append('file', new Blob(['email\nform.field@example.com\n']), 'leads.csv');
    const res = await bulk.get('/bulk/v1/leads.json', { method: 'POST', body: form });
    const batchId = (res.json as { result: { batchId: number }[] }).result[0]?.batchId;
    await finished(batchId);
    expect(await byEmail('form.field@example.com')).toMatchObject({ leadPartitionId: 3 });
  });
});

describe('Bulk Import faults', () => {
  it('answers injected faults on the upload and on status polls, without creating a batch', async () => {
    await control().injectFault({ code: '606' });
    const refused = await bulk.upload('email\nrefused@example.com\n');
    expect(refused.errors?.[0]?.code).toBe('606');
    const upload = await bulk.upload('email\nfaulted@example.com\n');
    const batchId = (upload.result?.[0] as { batchId: number }).batchId;
    await control().injectFault({ code: 'http502', path: '/bulk/v1/leads/batch/' });
    expect((await bulk.get(`/bulk/v1/leads/batch/${batchId}.json`)).status).toBe(502);
    expect(await finished(batchId)).toMatchObject({ status: 'Complete', numOfLeadsProcessed: 1 });
    expect(await byEmail('faulted@example.com')).toBeDefined();
    // Had the refused upload been queued, it would have run first (FIFO): its lead never appears.
    expect(await byEmail('refused@example.com')).toBeUndefined();
  });
});

describe('Bulk Import limits', () => {
  it('keeps at most 10 batches queued, 2 importing: concurrent uploads past 10 get 1016', async () => {
    await control().setConfig({ bulkRowsPerTick: 0, maxConcurrent: 50 });
    const uploads = await Promise.all(
      Array.from({ length: 13 }, (_, i) => bulk.upload(`email\nlimit${i}@example.com\n`)),
    );
    const accepted = uploads.filter((u) => u.success);
    const refused = uploads.filter((u) => !u.success);
    expect(accepted).toHaveLength(10);
    expect(refused.map((u) => u.errors)).toEqual(
      Array.from({ length: 3 }, () => [{ code: '1016', message: 'Too many imports' }]),
    );
    const ids = accepted.map((u) => (u.result?.[0] as { batchId: number }).batchId);
    const last = ids[ids.length - 1] as number;
    await bulk.poll(`/bulk/v1/leads/batch/${ids[1] as number}.json`, (r) => r.status === 'Importing');
    const states = await Promise.all(
      ids.map(async (id) => (await bulk.poll(`/bulk/v1/leads/batch/${id}.json`, () => true)).status),
    );
    expect(states.filter((s) => s === 'Importing')).toHaveLength(2);
    expect(states.filter((s) => s === 'Queued')).toHaveLength(8);

    await control().setConfig({ bulkRowsPerTick: 100 });
    await finished(last);
    const again = await bulk.upload('email\nafter@example.com\n');
    expect(again.success).toBe(true);
    for (const id of ids) expect(await finished(id)).toMatchObject({ status: 'Complete' });
  });

  it('answers 413 past 10 MB, declared or streamed, and accepts a file just under it', async () => {
    await control().setConfig({ bulkRowsPerTick: 0 });
    const limit = 10 * 1024 * 1024;
    const row = 'someone.with.a.long.address@example.com,Someone\n';
    const rows = (bytes: number) => `email,firstName\n${row.repeat(Math.floor(bytes / row.length))}`;

    const tooBig = await bulk.get('/bulk/v1/leads.json?format=csv', {
      method: 'POST',
      body: (() => {
        const form = new FormData();
        form.append('file', new Blob([rows(limit + 1000)]), 'big.csv');
        return form;
      })(),
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.text).toContain('413 Request Entity Too Large');

    const streamed = await streamedUpload(rows(limit + 1000));
    expect(streamed).toBe(413);

    const fits = await bulk.upload(rows(limit - 4096));
    expect(fits.success).toBe(true);
    const stats = await control().stats();
    expect(stats.errorsByCode['413']).toBe(2);
  });

  it('takes its size limit from bulkImportMaxBytes, so a client’s file splitting can be tried on small files', async () => {
    await control().setConfig({ bulkImportMaxBytes: 2048, bulkRowsPerTick: 0 });
    const row = 'small.limit@example.com\n';
    expect((await bulk.upload(`email\n${row.repeat(40)}`)).success).toBe(true);
    const over = await bulk.get('/bulk/v1/leads.json?format=csv', {
      method: 'POST',
      body: (() => {
        const form = new FormData();
        form.append('file', new Blob([`email\n${row.repeat(100)}`]), 'leads.csv');
        return form;
      })(),
    });
    expect(over.status).toBe(413);
  });
});

/** A multipart body sent chunked, with no Content-Length, so only the streamed count can stop it. */
function streamedUpload(csv: string): Promise<number> {
  const boundary = 'streamedBoundary';
  return new Promise((resolve, reject) => {
    const url = new URL(`${emulator.origin}/bulk/v1/leads.json?format=csv`);
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${bulk.token}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Transfer-Encoding': 'chunked',
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n`);
    const body = Buffer.from(csv);
    for (let offset = 0; offset < body.length; offset += 64 * 1024)
      req.write(body.subarray(offset, offset + 64 * 1024));
    req.end(`\r\n--${boundary}--\r\n`);
  });
}
