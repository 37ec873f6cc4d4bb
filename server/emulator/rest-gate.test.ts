import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, type StartEmulatorOptions, startEmulator } from './index';
import { type Envelope, getToken, rawFetch } from './test-client';
import { emulatorControl } from './test-helpers';

let emulator: RunningEmulator;
let clock = Date.UTC(2026, 5, 1, 12, 0, 0);

async function restart(options: StartEmulatorOptions = {}): Promise<void> {
  await emulator.close();
  emulator = await startEmulator({ now: () => clock, ...options });
}

beforeEach(async () => {
  clock = Date.UTC(2026, 5, 1, 12, 0, 0);
  emulator = await startEmulator({ now: () => clock });
});
afterEach(async () => {
  await emulator.close();
});

const partitionsUrl = (): string => `${emulator.restUrl}/v1/leads/partitions.json`;
const withToken = (token: string): RequestInit => ({ headers: { Authorization: `Bearer ${token}` } });
const errorsOf = (json: unknown): Envelope['errors'] => (json as Envelope).errors;

describe('envelope', () => {
  it('answers with requestId <hex>#<hex epoch ms>, success and result, as application/json;charset=UTF-8', async () => {
    const res = await rawFetch(partitionsUrl(), withToken(await getToken(emulator)));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const body = res.json as Envelope;
    expect(Object.keys(body)).toEqual(['requestId', 'result', 'success']);
    const [prefix, time] = body.requestId.split('#');
    expect(prefix).toMatch(/^[0-9a-f]{1,5}$/);
    expect(parseInt(time ?? '', 16)).toBe(clock);
  });

  it('gives every request a distinct requestId, even within one millisecond', async () => {
    const token = await getToken(emulator);
    const ids = await Promise.all(
      [1, 2, 3].map(
        async () => ((await rawFetch(partitionsUrl(), withToken(token))).json as Envelope).requestId,
      ),
    );
    expect(new Set(ids).size).toBe(3);
  });

  it('reports API errors with HTTP 200, success false, string codes and no result key', async () => {
    const res = await rawFetch(partitionsUrl(), withToken('nope'));
    expect(res.status).toBe(200);
    const body = res.json as Envelope;
    expect(body).toEqual({
      requestId: body.requestId,
      success: false,
      errors: [{ code: '601', message: 'Access token invalid' }],
    });
    expect('result' in body).toBe(false);
  });

  it('gzips bodies of 1 KB or more when asked, and leaves small ones alone', async () => {
    const token = await getToken(emulator);
    const big = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      const req = request(`${emulator.restUrl}/v1/leads/describe.json`, {
        headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip' },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    });
    expect(big.encoding).toBe('gzip');
    expect(JSON.parse(gunzipSync(big.body).toString('utf8'))).toMatchObject({ success: true });
    const small = await rawFetch(partitionsUrl(), withToken(token));
    expect(small.headers.get('content-encoding')).toBeNull();
  });
});

describe('access token', () => {
  it('answers 602 on the first use after expiry, then 601, and a new token works', async () => {
    const token = await getToken(emulator);
    expect((await rawFetch(partitionsUrl(), withToken(token))).json).toMatchObject({ success: true });
    clock += 3_600_000;
    expect(errorsOf((await rawFetch(partitionsUrl(), withToken(token))).json)).toEqual([
      { code: '602', message: 'Access token expired' },
    ]);
    expect(errorsOf((await rawFetch(partitionsUrl(), withToken(token))).json)?.[0]?.code).toBe('601');
    const fresh = await getToken(emulator);
    expect(fresh).not.toBe(token);
    expect((await rawFetch(partitionsUrl(), withToken(fresh))).json).toMatchObject({ success: true });
  });

  it('treats a zero lifetime as an already expiring token', async () => {
    await restart({ config: { tokenTtlSeconds: 0 } });
    const token = await getToken(emulator);
    expect(errorsOf((await rawFetch(partitionsUrl(), withToken(token))).json)?.[0]?.code).toBe('602');
  });

  it('answers a missing token with 600 by default, or 601 when configured', async () => {
    expect(errorsOf((await rawFetch(partitionsUrl())).json)).toEqual([
      { code: '600', message: 'Empty access token' },
    ]);
    await emulatorControl(emulator.origin).setConfig({ missingTokenCode: '601' });
    expect(errorsOf((await rawFetch(partitionsUrl())).json)?.[0]?.code).toBe('601');
  });

  it('treats a non-Bearer Authorization header as no token', async () => {
    const token = await getToken(emulator);
    const res = await rawFetch(partitionsUrl(), { headers: { Authorization: `Basic ${token}` } });
    expect(errorsOf(res.json)?.[0]?.code).toBe('600');
  });

  it('refuses an access_token query parameter unless the legacy switch is on', async () => {
    const token = await getToken(emulator);
    const url = `${partitionsUrl()}?access_token=${encodeURIComponent(token)}`;
    expect(errorsOf((await rawFetch(url)).json)?.[0]?.code).toBe('600');
    await emulatorControl(emulator.origin).setConfig({ allowQueryToken: true });
    expect((await rawFetch(url)).json).toMatchObject({ success: true });
  });

  it('checks the token before the path, so an unknown path without a token is a token error', async () => {
    expect(errorsOf((await rawFetch(`${emulator.restUrl}/v1/nothing.json`)).json)?.[0]?.code).toBe('600');
  });
});

describe('gateway errors', () => {
  it('answers an unknown path with 610 and a wrong method with 605', async () => {
    const token = await getToken(emulator);
    expect(errorsOf((await rawFetch(`${emulator.restUrl}/v1/nothing.json`, withToken(token))).json)).toEqual([
      { code: '610', message: 'Requested resource not found' },
    ]);
    expect(
      errorsOf((await rawFetch(`${emulator.origin}//rest/v1/leads.json`, withToken(token))).json)?.[0]?.code,
    ).toBe('610');
    const res = await rawFetch(`${emulator.restUrl}/v1/leads/describe.json`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(errorsOf(res.json)).toEqual([{ code: '605', message: "Request method 'POST' not supported" }]);
  });

  it('answers 612 for a POST without a JSON content type, even without a body', async () => {
    const token = await getToken(emulator);
    const url = `${emulator.restUrl}/v1/leads.json`;
    const noType = await rawFetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(errorsOf(noType.json)).toEqual([{ code: '612', message: 'Invalid Content Type' }]);
    const text = await rawFetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
      body: '{"input":[{"email":"x@example.com"}]}',
    });
    expect(errorsOf(text.json)?.[0]?.code).toBe('612');
  });

  it('answers 609 for malformed JSON, invalid UTF-8 and bodies that are not objects', async () => {
    const token = await getToken(emulator);
    const post = (body: string | Uint8Array<ArrayBuffer>): Promise<unknown> =>
      rawFetch(`${emulator.restUrl}/v1/leads.json`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' },
        body,
      }).then((r) => r.json);
    for (const body of [
      '{"input":[',
      '',
      '[1,2]',
      '"text"',
      'null',
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    ]) {
      expect(errorsOf(await post(body))).toEqual([{ code: '609', message: 'Invalid JSON' }]);
    }
  });

  it('answers HTTP 413 for bodies over 1 MB, declared or not', async () => {
    const token = await getToken(emulator);
    const huge = JSON.stringify({ input: [{ email: 'a@example.com', address: 'x'.repeat(1024 * 1024) }] });
    const res = await rawFetch(`${emulator.restUrl}/v1/leads.json`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: huge,
    });
    expect(res.status).toBe(413);
    const streamed = await rawFetch(`${emulator.restUrl}/v1/leads.json`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: new Blob([huge]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await emulatorControl(emulator.origin).leads()).some((l) => l.email === 'a@example.com')).toBe(
      false,
    );
  });

  it('answers HTTP 414 for URIs over 8 KB', async () => {
    const token = await getToken(emulator);
    const values = Array.from({ length: 400 }, (_, i) => `someone.${i}@example.com`).join(',');
    const res = await rawFetch(
      `${emulator.restUrl}/v1/leads.json?filterType=email&filterValues=${values}`,
      withToken(token),
    );
    expect(res.status).toBe(414);
    expect((await emulatorControl(emulator.origin).stats()).errorsByCode['414']).toBe(1);
  });

  it('answers unknown paths outside /rest with a plain 404', async () => {
    expect((await rawFetch(`${emulator.origin}/favicon.ico`)).status).toBe(404);
  });
});
