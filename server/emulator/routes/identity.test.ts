import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../index';
import { rawFetch, tokenUrl } from '../test-client';
import { emulatorControl } from '../test-helpers';

let emulator: RunningEmulator;
let clock = 1_750_000_000_000;

beforeEach(async () => {
  clock = 1_750_000_000_000;
  emulator = await startEmulator({ now: () => clock });
});
afterEach(async () => {
  await emulator.close();
});

describe('GET /identity/oauth/token', () => {
  it('issues a bearer token with Marketo headers and body', async () => {
    const res = await rawFetch(tokenUrl(emulator));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = res.json as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(body.access_token).toMatch(/^[0-9a-f-]{36}:[a-z]{2,3}$/);
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3599 });
    expect(body.scope).toContain('@');
  });

  it('returns the same token while it is valid, with a shrinking expires_in', async () => {
    const first = (await rawFetch(tokenUrl(emulator))).json as { access_token: string; expires_in: number };
    clock += 5_500;
    const second = (await rawFetch(tokenUrl(emulator))).json as { access_token: string; expires_in: number };
    expect(second.access_token).toBe(first.access_token);
    expect(second.expires_in).toBe(3594);
  });

  it('issues a new token once the old one has expired', async () => {
    const first = (await rawFetch(tokenUrl(emulator))).json as { access_token: string };
    clock += 3_600_000;
    const second = (await rawFetch(tokenUrl(emulator))).json as { access_token: string; expires_in: number };
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.expires_in).toBe(3599);
  });

  it('also answers POST with the parameters in the query', async () => {
    const res = await rawFetch(tokenUrl(emulator), { method: 'POST' });
    expect(res.status).toBe(200);
  });

  it('accepts a POST form body unless switched off', async () => {
    const form = {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emulator.clientId,
        client_secret: emulator.clientSecret,
      }).toString(),
    };
    expect((await rawFetch(`${emulator.identityUrl}/oauth/token`, form)).status).toBe(200);
    await emulatorControl(emulator.origin).setConfig({ identityAcceptsFormBody: false });
    expect((await rawFetch(`${emulator.identityUrl}/oauth/token`, form)).status).toBe(401);
  });

  it('answers HTTP 401 with an OAuth error for a wrong secret', async () => {
    const res = await rawFetch(tokenUrl(emulator, 'wrong'));
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'invalid_client', error_description: 'Bad client credentials' });
  });

  it('answers HTTP 401 for an unknown client id', async () => {
    const res = await rawFetch(
      `${emulator.identityUrl}/oauth/token?grant_type=client_credentials&client_id=nobody&client_secret=x`,
    );
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: 'unauthorized',
      error_description: 'No client with requested id: nobody',
    });
  });

  it('answers HTTP 401 when no client id is given at all', async () => {
    const res = await rawFetch(`${emulator.identityUrl}/oauth/token?grant_type=client_credentials`);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: 'unauthorized',
      error_description: 'Full authentication is required to access this resource',
    });
  });

  it('rejects a missing or unsupported grant type', async () => {
    const base = `${emulator.identityUrl}/oauth/token?client_id=${emulator.clientId}&client_secret=${emulator.clientSecret}`;
    expect((await rawFetch(base)).json).toMatchObject({ error: 'invalid_request' });
    const res = await rawFetch(`${base}&grant_type=password`);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('uses the configured credentials and lifetime', async () => {
    await emulator.close();
    emulator = await startEmulator({ config: { clientId: 'cid', clientSecret: 'sec', tokenTtlSeconds: 0 } });
    expect(emulator.clientId).toBe('cid');
    const res = await rawFetch(tokenUrl(emulator));
    expect(res.json).toMatchObject({ expires_in: 0 });
  });

  it('is counted as an identity call, not as a REST call', async () => {
    await rawFetch(tokenUrl(emulator));
    await rawFetch(tokenUrl(emulator, 'wrong'));
    const stats = await emulatorControl(emulator.origin).stats();
    expect(stats).toMatchObject({ identityCalls: 2, calls: 0, maxCallsIn20s: 0 });
  });
});
