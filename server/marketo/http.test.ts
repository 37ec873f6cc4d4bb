// The wire details of one attempt, against a bare HTTP server on port 0 that records what it receives.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MarketoAuthError } from './errors';
import { createMarketoHttp, fetchToken, sendOnce, type MarketoHttp, type UpstreamRequest } from './http';
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
let connections = 0;
let reply: { status: number; body: string; delayMs?: number; hangAfterHeaders?: boolean } = {
  status: 200,
  body: '',
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const send = () => {
        res.writeHead(reply.status, { 'content-type': 'application/json;charset=UTF-8' });
        if (reply.hangAfterHeaders) res.flushHeaders();
        else res.end(reply.body);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
  connections = 0;
  reply = { status: 200, body: JSON.stringify({ requestId: 'a#1', result: [], success: true }) };
});

const limits = (timeoutMs = 5000) => ({
  budget: new RateBudget({ callsPerWindow: 100, maxConcurrent: 5 }),
  timeoutMs,
});

async function send(http: MarketoHttp, request: UpstreamRequest, token: string, timeoutMs?: number) {
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
    expect(seen[0]?.headers.accept).toBe('application/json');
  });

  it("keeps the base URL's path in front of every call", async () => {
    const http = createMarketoHttp(`${origin}/marketo/`);
    await send(http, { method: 'GET', path: 'rest/v1/lead/5.json', idempotent: true }, 't');
    await send(http, { method: 'GET', path: 'x.json', searchParams: {}, idempotent: true }, 't');
    expect(seen.map((s) => s.url)).toEqual(['/marketo/rest/v1/lead/5.json', '/marketo/x.json']);
  });

  it('keeps connections alive across calls', async () => {
    const http = createMarketoHttp(origin);
    for (let i = 0; i < 10; i += 1) {
      await send(http, { method: 'GET', path: 'x.json', idempotent: true }, 't');
    }
    expect(seen).toHaveLength(10);
    // undici frees a connection just after its body is read, so the next call may still open a second one.
    expect(connections).toBeLessThanOrEqual(2);
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

  it('reads a body that starts with a UTF-8 byte-order mark', async () => {
    const http = createMarketoHttp(origin);
    reply = { status: 200, body: `\ufeff${JSON.stringify({ requestId: 'c#3', result: [], success: true })}` };
    const attempt = await send(http, { method: 'GET', path: 'x.json', idempotent: true }, 't');
    expect(attempt).toEqual({ ok: true, envelope: { requestId: 'c#3', result: [], success: true } });
  });

  it('times out an attempt that hangs', async () => {
    const http = createMarketoHttp(origin);
    reply = { ...reply, delayMs: 1000 };
    const attempt = await send(http, { method: 'GET', path: 'x.json', idempotent: true }, 't', 100);
    expect(attempt).toEqual({ ok: false, failure: { kind: 'network', detail: 'timed out' } });
  });

  it('times out an attempt whose body never ends: the timeout covers the body read', async () => {
    const http = createMarketoHttp(origin);
    reply = { ...reply, hangAfterHeaders: true };
    const attempt = await send(http, { method: 'GET', path: 'x.json', idempotent: true }, 't', 100);
    expect(attempt).toEqual({ ok: false, failure: { kind: 'network', detail: 'timed out' } });
  });

  it('names the socket error of an unreachable Marketo, without its URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const http = createMarketoHttp(`http://127.0.0.1:${port}`);
    const attempt = await send(http, { method: 'GET', path: 'x.json', idempotent: true }, 't');
    expect(attempt).toEqual({ ok: false, failure: { kind: 'network', detail: 'ECONNREFUSED' } });
  });

  it("rejects with the caller's reason when the caller gives up mid-call", async () => {
    const http = createMarketoHttp(origin);
    reply = { ...reply, hangAfterHeaders: true };
    const outer = new AbortController();
    const request = { method: 'GET', path: 'x.json', idempotent: true } as const;
    const sent = sendOnce(http, limits(), request, () => 't', outer.signal);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    const reason = new Error('deadline');
    outer.abort(reason);
    await expect(sent).rejects.toBe(reason);
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
