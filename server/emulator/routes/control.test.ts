import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../index';
import { getToken, rawFetch, restClient } from '../test-client';
import { emulatorControl } from '../test-helpers';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('control API', () => {
  it('reports stats per the documented shape', async () => {
    emulator = await startEmulator();
    const client = await restClient(emulator);
    await client.get('/v1/leads/partitions.json');
    await client.get('/v1/lead/318816.json');
    await client.get('/v1/nope.json');
    expect(await emulatorControl(emulator.origin).stats()).toEqual({
      calls: 3,
      callsByPath: {
        '/rest/v1/leads/partitions.json': 1,
        '/rest/v1/lead/318816.json': 1,
        '/rest/v1/nope.json': 1,
      },
      identityCalls: 1,
      errorsByCode: { '610': 1 },
      maxConcurrent: 1,
      maxCallsIn20s: 3,
    });
  });

  it('reset restores the seed, zeroes counters, clears faults and restores the config', async () => {
    emulator = await startEmulator({ config: { callsPer20s: 50 } });
    const control = emulatorControl(emulator.origin);
    const client = await restClient(emulator);
    const before = await control.leads();
    await client.post('/v1/leads.json', { input: [{ email: 'gone@example.com' }] });
    await client.post('/v1/leads/delete.json', { input: [{ id: 318801 }] });
    await control.setConfig({ callsPer20s: 1 });
    await control.injectFault({ code: '608', count: 10 });
    await control.reset();
    expect(await control.leads()).toEqual(before);
    expect(await control.stats()).toMatchObject({
      calls: 0,
      identityCalls: 0,
      errorsByCode: {},
      maxCallsIn20s: 0,
    });
    expect((await client.get('/v1/leads/partitions.json')).success).toBe(true);
    expect((await client.get('/v1/leads/partitions.json')).success).toBe(true);
    const created = await client.post('/v1/leads.json', { input: [{ email: 'after.reset@example.com' }] });
    expect(created.result?.[0]?.id).toBe(318823);
  });

  it('lists every lead with all its fields', async () => {
    emulator = await startEmulator();
    const leads = await emulatorControl(emulator.origin).leads();
    expect(leads).toHaveLength(10);
    expect(leads.find((l) => l.id === 318816)).toEqual({
      id: 318816,
      email: 'enrique.pena-nieto@gob.mx',
      firstName: 'Enrique',
      lastName: 'Pena Neito',
      title: 'El Presidente',
      country: 'Mexico',
      preferredLanguage: 'es-MX',
      leadPartitionId: 2,
      createdAt: '2015-09-04T17:05:12Z',
      updatedAt: '2015-09-04T17:09:48Z',
    });
  });

  it('refuses invalid config with HTTP 400 and applies valid config at once', async () => {
    emulator = await startEmulator();
    const url = `${emulator.origin}/__emulator/config`;
    const put = (body: unknown): ReturnType<typeof rawFetch> =>
      rawFetch(url, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({ callsPer20s: -1 })).status).toBe(400);
    expect((await put({ noSuchKey: 1 })).status).toBe(400);
    expect((await put({ tokenTtlSeconds: 0 })).status).toBe(204);
    const token = await rawFetch(
      `${emulator.identityUrl}/oauth/token?grant_type=client_credentials&client_id=${emulator.clientId}&client_secret=${emulator.clientSecret}`,
    );
    expect(token.json).toMatchObject({ expires_in: 0 });
  });

  it('refuses calls that came through a proxy', async () => {
    emulator = await startEmulator();
    const res = await rawFetch(`${emulator.origin}/__emulator/stats`, {
      headers: { 'X-Forwarded-For': '10.0.0.1' },
    });
    expect(res.status).toBe(403);
    expect((await rawFetch(`${emulator.origin}/__emulator/nothing`)).status).toBe(404);
  });
});

describe('persistence', () => {
  it('keeps leads in a file database across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-db-'));
    const dbFile = join(dir, 'nested', 'emulator.sqlite');
    try {
      emulator = await startEmulator({ dbFile });
      const client = await restClient(emulator);
      const created = await client.post('/v1/leads.json', {
        partitionName: 'Canada',
        input: [{ email: 'persistent@example.ca' }],
      });
      await emulator.close();
      emulator = await startEmulator({ dbFile });
      const again = await restClient(emulator);
      const found = await again.get('/v1/leads.json', {
        filterType: 'email',
        filterValues: 'persistent@example.ca',
        fields: 'leadPartitionId',
      });
      expect(found.result).toEqual([{ id: created.result?.[0]?.id, leadPartitionId: 3 }]);
      expect(await getToken(emulator)).toBeTruthy();
    } finally {
      await emulator?.close();
      emulator = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
