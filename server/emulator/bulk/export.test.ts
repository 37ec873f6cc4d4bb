// Bulk Lead Extract through real HTTP: create → enqueue → status → file, cancel, byte ranges, Marketo's limits,
// and the calls exactly as node-marketo sends them (`/rest/../bulk/v1/…`, form bodies, a GET with a body).
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../index';
import { emulatorControl } from '../test-helpers';
import { type BulkClient, bulkClient } from './bulk-test-client';

let emulator: RunningEmulator;
let bulk: BulkClient;
const control = () => emulatorControl(emulator.origin);

beforeAll(async () => {
  emulator = await startEmulator({ config: { bulkTickMs: 5, bulkRowsPerTick: 3 } });
  bulk = await bulkClient(emulator);
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await control().reset();
});

/** Every seed lead was created between 2015-08-20 and 2015-09-09. */
const SEED_RANGE = { startAt: '2015-08-15T00:00:00Z', endAt: '2015-09-14T00:00:00Z' };
const ended = (r: Record<string, unknown>) => r.status === 'Completed' || r.status === 'Cancelled';

async function created(body: Record<string, unknown>): Promise<string> {
  const res = await bulk.postJson('/bulk/v1/leads/export/create.json', body);
  expect(res.errors).toBeUndefined();
  return (res.result?.[0] as { exportId: string }).exportId;
}

describe('Bulk Lead Extract', () => {
  it('exports every partition’s leads in the range, with renamed columns, a size and a checksum', async () => {
    // Bulk extract ignores workspaces (bulk-extract.md): a partition the API user cannot reach is exported too.
    await control().setConfig({ deniedPartitionIds: [3] });
    const exportId = await created({
      fields: ['id', 'email', 'leadPartitionId', 'leadScore'],
      columnHeaderNames: { email: 'Email Address' },
      filter: { createdAt: { startAt: '2015-09-04T00:00:00Z', endAt: '2015-09-08T13:30:00Z' } },
    });
    const status = await bulk.get(`/bulk/v1/leads/export/${exportId}/status.json`);
    expect((status.json as { result: unknown[] }).result[0]).toMatchObject({
      exportId,
      status: 'Created',
      format: 'CSV',
    });

    const enqueued = await bulk.postJson(`/bulk/v1/leads/export/${exportId}/enqueue.json`, {});
    expect(enqueued.result?.[0]).toMatchObject({ status: 'Queued', queuedAt: expect.any(String) as string });
    const done = await bulk.poll(`/bulk/v1/leads/export/${exportId}/status.json`, ended);
    expect(done).toMatchObject({ status: 'Completed', numberOfRecords: 4 });

    const file = await bulk.get(`/bulk/v1/leads/export/${exportId}/file.json`);
    expect(file.status).toBe(200);
    expect(file.text).toBe(
      'id,Email Address,leadPartitionId,leadScore\n' +
        '318816,enrique.pena-nieto@gob.mx,2,null\n' +
        '318817,lucia.hernandez@example.mx,2,null\n' +
        '318818,mateo.garcia@example.mx,2,null\n' +
        '318820,emily.tremblay@example.ca,3,null\n',
    );
    expect(done.fileSize).toBe(Buffer.byteLength(file.text));
    expect(done.fileChecksum).toBe(`sha256:${createHash('sha256').update(file.text).digest('hex')}`);

    const part = await bulk.get(`/bulk/v1/leads/export/${exportId}/file.json`, {
      headers: { Range: 'bytes=0-9' },
    });
    expect(part.status).toBe(206);
    expect(part.text).toBe(file.text.slice(0, 10));
    expect(part.headers.get('content-range')).toBe(`bytes 0-9/${Buffer.byteLength(file.text)}`);
  });

  it('filters on updatedAt, writes tsv, and has no file before it completes', async () => {
    await control().setConfig({ bulkRowsPerTick: 0 });
    const exportId = await created({
      fields: ['email'],
      format: 'TSV',
      filter: { updatedAt: { startAt: '2015-09-10T00:00:00Z', endAt: '2015-09-11T00:00:00Z' } },
    });
    await bulk.postJson(`/bulk/v1/leads/export/${exportId}/enqueue.json`, {});
    const processing = await bulk.poll(
      `/bulk/v1/leads/export/${exportId}/status.json`,
      (r) => r.status === 'Processing',
    );
    expect(processing.startedAt).toEqual(expect.any(String));
    const early = await bulk.get(`/bulk/v1/leads/export/${exportId}/file.json`);
    expect(early.status).toBe(404);
    expect(early.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    await control().setConfig({ bulkRowsPerTick: 10 });
    await bulk.poll(`/bulk/v1/leads/export/${exportId}/status.json`, ended);
    const file = await bulk.get(`/bulk/v1/leads/export/${exportId}/file.json`);
    // Only 318821 was updated that day (its createdAt is two days earlier).
    expect(file.text).toBe('email\nliam.oconnor@example.ca\n');
  });

  it('cancels a queued job, and refuses a second enqueue', async () => {
    await control().setConfig({ bulkRowsPerTick: 0 });
    const exportId = await created({ fields: ['email'], filter: { createdAt: SEED_RANGE } });
    await bulk.postJson(`/bulk/v1/leads/export/${exportId}/enqueue.json`, {});
    const again = await bulk.postJson(`/bulk/v1/leads/export/${exportId}/enqueue.json`, {});
    expect(again.errors).toEqual([{ code: '1029', message: 'Job already queued' }]);
    const cancelled = await bulk.postJson(`/bulk/v1/leads/export/${exportId}/cancel.json`, {});
    expect(cancelled.result?.[0]).toMatchObject({ exportId, status: 'Cancelled' });
    expect((await bulk.get(`/bulk/v1/leads/export/${exportId}/file.json`)).status).toBe(404);
  });

  it('lists the week’s jobs by status, a page at a time', async () => {
    await control().setConfig({ bulkRowsPerTick: 0 });
    const ids = [];
    for (let i = 0; i < 3; i += 1)
      ids.push(await created({ fields: ['email'], filter: { createdAt: SEED_RANGE } }));
    await bulk.postJson(`/bulk/v1/leads/export/${ids[2] as string}/cancel.json`, {});
    const first = await bulk.get('/bulk/v1/leads/export.json?status=created&batchSize=1');
    const page1 = first.json as { result: { exportId: string }[]; nextPageToken?: string };
    expect(page1.result.map((j) => j.exportId)).toEqual([ids[0]]);
    const second = await bulk.get(
      `/bulk/v1/leads/export.json?status=created&batchSize=1&nextPageToken=${page1.nextPageToken ?? ''}`,
    );
    const page2 = second.json as { result: { exportId: string }[]; nextPageToken?: string };
    expect(page2.result.map((j) => j.exportId)).toEqual([ids[1]]);
    expect(page2.nextPageToken).toBeUndefined();
    const cancelled = await bulk.get('/bulk/v1/leads/export.json?status=Canceled');
    expect((cancelled.json as { result: { exportId: string }[] }).result.map((j) => j.exportId)).toEqual([
      ids[2],
    ]);
    for (let i = 0; i < 6; i += 1) await created({ fields: ['email'], filter: { createdAt: SEED_RANGE } });
    const all = await bulk.get('/bulk/v1/leads/export.json', { headers: { 'Accept-Encoding': 'gzip' } });
    expect((all.json as { result: unknown[] }).result).toHaveLength(9);
    // Over 1 KB, which a /rest answer would have gzipped: bulk answers never are.
    expect(all.text.length).toBeGreaterThan(1024);
    expect(all.headers.get('content-encoding')).toBeNull();
  });

  it('refuses bad jobs with Marketo codes', async () => {
    const errorOf = async (body: unknown) =>
      (await bulk.postJson('/bulk/v1/leads/export/create.json', body)).errors?.[0];
    expect(await errorOf({ fields: ['email', 'nope', 'bogus'], filter: { createdAt: SEED_RANGE } })).toEqual({
      code: '1003',
      message: 'Invalid fields [nope, bogus]',
    });
    expect(await errorOf({ fields: ['email'], filter: { staticListId: 1 } })).toEqual({
      code: '1035',
      message: 'Unsupported filter type for target subscription',
    });
    expect(
      (
        await errorOf({
          fields: ['email'],
          filter: { createdAt: { startAt: '2015-01-01', endAt: '2015-03-01' } },
        })
      )?.code,
    ).toBe('1003');
    expect((await errorOf({ fields: ['email'], filter: {} }))?.code).toBe('1003');
    await control().setConfig({ bulkExportFilters: ['createdAt'] });
    expect((await errorOf({ fields: ['email'], filter: { updatedAt: SEED_RANGE } }))?.code).toBe('1035');
    const unknown = await bulk.get('/bulk/v1/leads/export/not-a-job/status.json');
    expect((unknown.json as { errors: { code: string }[] }).errors[0]?.code).toBe('1013');
  });

  it('keeps at most 10 jobs queued or processing: concurrent enqueues past 10 get 1029', async () => {
    await control().setConfig({ bulkRowsPerTick: 0, maxConcurrent: 50 });
    const ids = await Promise.all(
      Array.from({ length: 12 }, () => created({ fields: ['email'], filter: { createdAt: SEED_RANGE } })),
    );
    const answers = await Promise.all(
      ids.map((id) => bulk.postJson(`/bulk/v1/leads/export/${id}/enqueue.json`, {})),
    );
    expect(answers.filter((a) => a.success)).toHaveLength(10);
    expect(answers.filter((a) => !a.success).map((a) => a.errors)).toEqual([
      [{ code: '1029', message: 'Too many jobs in queue' }],
      [{ code: '1029', message: 'Too many jobs in queue' }],
    ]);
    const accepted = ids.filter((_, i) => answers[i]?.success);
    await bulk.poll(
      `/bulk/v1/leads/export/${accepted[0] as string}/status.json`,
      (r) => r.status === 'Processing',
    );
    const states = await Promise.all(
      accepted.map(
        async (id) => (await bulk.poll(`/bulk/v1/leads/export/${id}/status.json`, () => true)).status,
      ),
    );
    expect(states.filter((s) => s === 'Processing')).toHaveLength(2);
  });

  it('stops creating and enqueueing once the day’s export bytes are used up', async () => {
    await control().setConfig({ bulkExportDailyBytes: 50 });
    const first = await created({ fields: ['email'], filter: { createdAt: SEED_RANGE } });
    await bulk.postJson(`/bulk/v1/leads/export/${first}/enqueue.json`, {});
    expect(await bulk.poll(`/bulk/v1/leads/export/${first}/status.json`, ended)).toMatchObject({
      status: 'Completed',
    });
    const next = await bulk.postJson('/bulk/v1/leads/export/create.json', {
      fields: ['email'],
      filter: { createdAt: SEED_RANGE },
    });
    expect(next.errors).toEqual([{ code: '1029', message: 'Export daily quota exceeded' }]);
  });
});

describe('node-marketo’s bulk extract calls', () => {
  /** A raw request, since fetch cannot send a GET with a body as node-marketo's restler does. */
  function send(
    method: string,
    path: string,
    body?: string,
    type?: string,
  ): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${emulator.origin}${path}`,
        {
          method,
          headers: {
            Authorization: `Bearer ${bulk.token}`,
            ...(body !== undefined
              ? { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) }
              : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
  const form = 'application/x-www-form-urlencoded';

  it('create, enqueue, status and file through /rest/../bulk/v1/… with form bodies', async () => {
    const create = await send(
      'POST',
      '/rest/../bulk/v1/leads/export/create.json',
      JSON.stringify({ fields: ['email'], filter: { createdAt: SEED_RANGE } }),
      'application/json',
    );
    const exportId =
      (JSON.parse(create.text) as { result: { exportId: string }[] }).result[0]?.exportId ?? '';
    const enqueue = await send(
      'POST',
      `/rest/../bulk/v1/leads/export/${exportId}/enqueue.json`,
      '_method=POST',
      form,
    );
    expect(JSON.parse(enqueue.text)).toMatchObject({ success: true, result: [{ status: 'Queued' }] });
    let status = '';
    for (let i = 0; i < 2000 && status !== 'Completed'; i += 1) {
      if (i > 0) await delay(10);
      const res = await send(
        'GET',
        `/rest/../bulk/v1/leads/export/${exportId}/status.json`,
        '_method=GET',
        form,
      );
      status = (JSON.parse(res.text) as { result: { status: string }[] }).result[0]?.status ?? '';
    }
    const file = await send(
      'GET',
      `/rest/../bulk/v1/leads/export/${exportId}/file.json`,
      '_method=GET',
      form,
    );
    expect(file.status).toBe(200);
    expect(file.text.split('\n').filter((line) => line !== '')).toHaveLength(11);
  });
});
