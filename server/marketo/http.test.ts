// The wire details of one attempt, against a bare HTTP server on port 0 that records what it receives.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MarketoAuthError } from './errors';
import type { KyInstance } from 'ky';
import { createMarketoHttp, fetchToken, sendOnce, type UpstreamRequest } from './http';
import { RateBudget } from './rate-budget';
import { UpstreamFailure } from './retry-policy';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let origin: string;
let seen: Seen[] = [];
let reply: { status: number; body: string; delayMs?: number } = { status: 200, body: '' };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const send = () => {
        res.writeHead(reply.status, { 'content-type': 'application/json;charset=UTF-8' });
        res.end(reply.body);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
  reply = { status: 200, body: JSON.stringify({ requestId: 'a#1', result: [], success: true }) };
});

const limits = (timeoutMs = 5000) => ({
  budget: new RateBudget({ callsPerWindow: 100, maxConcurrent: 5 }),
  timeoutMs,
});

async function send(http: KyInstance, request: UpstreamRequest, token: string, timeoutMs?: number) {
  const sent = await sendOnce(http, limits(timeoutMs), request, () => token, new AbortController().signal);
  expect(sent.token).toBe(token);
  return sent.attempt;
}

describe('sendOnce', () => {
  it('sends the token as a Bearer header only, and never builds //', async () => {
    const http = createMarketoHttp(`${origin}//`);
    const request = {
      method: 'GET',
      path: 'rest/v1/lead/5.json',
      searchParams: { fields: 'email' },
    } as const;
    await send(http, { ...request, idempotent: true }, 'tok-123');
    expect(seen[0]?.url).toBe('/rest/v1/lead/5.json?fields=email');
    expect(seen[0]?.headers.authorization).toBe('Bearer tok-123');
    expect(seen[0]?.url).not.toContain('access_token');
  });

  it('sends the _method=GET form as application/x-www-form-urlencoded', async () => {
    const http = createMarketoHttp(origin);
    const form = new URLSearchParams({ filterType: 'email', filterValues: 'a@x.com,b@y.com' });
    const request = { method: 'POST', path: 'rest/v1/leads.json', searchParams: { _method: 'GET' } } as const;
    await send(http, { ...request, form, idempotent: true }, 't');
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/rest/v1/leads.json?_method=GET' });
    expect(seen[0]?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(seen[0]?.body).toBe('filterType=email&filterValues=a%40x.com%2Cb%40y.com');
  });

  it('sends JSON writes as application/json', async () => {
    const http = createMarketoHttp(origin);
    await send(
      http,
      { method: 'POST', path: 'rest/v1/leads.json', json: { input: [] }, idempotent: true },
      't',
    );
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(seen[0]?.body).toBe('{"input":[]}');
  });

  it('classifies answers: Marketo errors (numeric codes too), HTTP errors, and bodies that are not envelopes', async () => {
    const http = createMarketoHttp(origin);
    const get = () => send(http, { method: 'GET', path: 'x.json', idempotent: true }, 't');
    reply = {
      status: 200,
      body: JSON.stringify({
        requestId: 'b#2',
        success: false,
        errors: [{ code: 606, message: 'Max rate' }],
      }),
    };
    expect(await get()).toEqual({
      ok: false,
      failure: { kind: 'marketo', code: '606', message: 'Max rate', requestId: 'b#2' },
    });
    reply = { status: 502, body: '<html>Bad Gateway</html>' };
    expect(await get()).toEqual({ ok: false, failure: { kind: 'http', status: 502 } });
    reply = { status: 200, body: '<html>oops</html>' };
    expect(await get()).toMatchObject({ ok: false, failure: { kind: 'invalid' } });
  });

  it('times out an attempt that hangs', async () => {
    const http = createMarketoHttp(origin);
    reply = { ...reply, delayMs: 1000 };
    const attempt = await send(http, { method: 'GET', path: 'x.json', idempotent: true }, 't', 100);
    expect(attempt).toEqual({ ok: false, failure: { kind: 'network', detail: 'timed out' } });
  });
});

describe('sendOnce and the queue', () => {
  it('picks the token when the attempt leaves the queue, not when it joins it', async () => {
    const http = createMarketoHttp(origin);
    const shared = { budget: new RateBudget({ callsPerWindow: 100, maxConcurrent: 1 }), timeoutMs: 5000 };
    let current = 'old';
    reply = { ...reply, delayMs: 100 };
    const request = { method: 'GET', path: 'x.json', idempotent: true } as const;
    const first = sendOnce(http, shared, request, () => current, new AbortController().signal);
    const queued = sendOnce(http, shared, request, () => current, new AbortController().signal);
    current = 'new';
    expect((await first).token).toBe('old');
    expect((await queued).token).toBe('new');
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
  });
});

describe('fetchToken', () => {
  it('asks with the client-credentials grant and reads the token', async () => {
    const http = createMarketoHttp(origin);
    reply = {
      status: 200,
      body: JSON.stringify({ access_token: 'abc:int', token_type: 'bearer', expires_in: 3599 }),
    };
    expect(await fetchToken(http, limits(), 'id', 's3cret')).toEqual({
      accessToken: 'abc:int',
      expiresInSeconds: 3599,
    });
    expect(seen[0]?.url).toBe(
      '/identity/oauth/token?grant_type=client_credentials&client_id=id&client_secret=s3cret',
    );
  });

  it('throws MarketoAuthError on 401, never naming the secret', async () => {
    const http = createMarketoHttp(origin);
    reply = {
      status: 401,
      body: JSON.stringify({ error: 'invalid_client', error_description: 'Bad client credentials' }),
    };
    const error = await fetchToken(http, limits(), 'id', 's3cret').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketoAuthError);
    expect((error as Error).message).not.toContain('s3cret');
    expect((error as Error).message).toContain('invalid_client');
  });

  it('throws a retryable UpstreamFailure on 5xx and on a body without a token', async () => {
    const http = createMarketoHttp(origin);
    reply = { status: 503, body: '' };
    await expect(fetchToken(http, limits(), 'id', 's')).rejects.toBeInstanceOf(UpstreamFailure);
    reply = { status: 200, body: '{}' };
    await expect(fetchToken(http, limits(), 'id', 's')).rejects.toBeInstanceOf(UpstreamFailure);
  });
});
