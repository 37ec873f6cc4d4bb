// The console behind Debian's nginx, configured by deploy/nginx-site.conf (inside deploy/nginx.conf) with TLS from
// a throwaway certificate, the way the README's "Run it for your team" sets it up. Clients connect from their own
// loopback addresses (127.0.0.2, 127.0.0.3, …: all of 127/8 is this machine on Linux), so what the console
// believes nginx forwarded can be told apart from nginx's own address (127.0.0.1).
import { request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, startTestStack, type TestStack } from '../test-helpers';
import { findOrInstall } from './debian-package';
import { startNginx, type RunningNginx } from './nginx-process';

const nginxBinary = findOrInstall('/usr/sbin/nginx', 'nginx');
if ('missing' in nginxBinary) console.warn(`Skipping the nginx test: ${nginxBinary.missing}`);

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Call {
  method?: string;
  path: string;
  /** The client's own address: each test uses its own. */
  from: string;
  headers?: Record<string, string | number>;
  body?: string | Iterable<Buffer>;
}

const UPLOAD_BYTES = 50 * 1024 * 1024;
const MAX_UPLOAD_MB = 100;

describe.skipIf('missing' in nginxBinary)('behind nginx (deploy/nginx-site.conf) with TRUST_PROXY=1', () => {
  let stack: TestStack;
  let nginx: RunningNginx;

  function call({ method = 'GET', path, from, headers = {}, body }: Call): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const outgoing = httpsRequest(
        `${nginx.origin}${path}`,
        { method, headers, localAddress: from, ca: nginx.certificate, servername: 'localhost', agent: false },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
          );
        },
      );
      outgoing.on('error', reject);
      if (typeof body === 'string' || body === undefined) {
        outgoing.end(body);
        return;
      }
      const chunks = body[Symbol.iterator]();
      const writeMore = () => {
        for (let next = chunks.next(); !next.done; next = chunks.next()) {
          if (!outgoing.write(next.value)) {
            outgoing.once('drain', writeMore);
            return;
          }
        }
        outgoing.end();
      };
      writeMore();
    });
  }

  const signInFrom = (from: string, email: string, password: string, headers: Record<string, string> = {}) =>
    call({
      method: 'POST',
      path: '/api/session',
      from,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email, password }),
    });

  beforeAll(async () => {
    stack = await startTestStack({
      listen: true,
      // TRUST_PROXY=1: believe the one hop nginx adds.
      app: { trustProxy: 1 },
      signInLimits: {
        windowMs: 15 * 60_000,
        maxAccountFailures: 1000,
        maxAccountFailuresOverall: 1000,
        maxAddressFailures: 3,
      },
      imports: { maxBytes: MAX_UPLOAD_MB * 1024 * 1024 },
    });
    const port = Number(new URL(stack.origin!).port);
    nginx = await startNginx((nginxBinary as { path: string }).path, { port, maxUploadMb: MAX_UPLOAD_MB });
  }, 120_000);

  afterAll(async () => {
    await nginx?.stop();
    await stack?.close();
  });

  it('signs in over https with a Secure cookie, and audits the address nginx saw, not one the client forged', async () => {
    const { user } = await stack.signIn({ role: 'viewer', email: 'behind-nginx@example.com' });
    const answer = await signInFrom('127.0.0.2', user.email, TEST_PASSWORD, {
      'x-forwarded-for': '203.0.113.9',
    });
    expect(answer.status).toBe(200);
    expect(String(answer.headers['set-cookie'])).toMatch(/^pc_session=[^;]+;.*; Secure/);
    const entries = await stack.access.audit.query(
      { visiblePartitions: 'all', readerUserId: user.id, user: user.email, action: 'auth.sign-in' },
      10,
    );
    expect(entries.map((entry) => entry.summary)).toEqual(['signed in from 127.0.0.2']);
  });

  it('counts sign-in failures per forwarded client address: one address locked out, another still signs in', async () => {
    for (const attempt of [1, 2, 3]) {
      const answer = await signInFrom('127.0.0.3', `nobody-${attempt}@example.com`, 'wrong-password-123');
      expect(answer.status).toBe(401);
    }
    expect((await signInFrom('127.0.0.3', 'nobody-4@example.com', 'wrong-password-123')).status).toBe(429);
    // Through the same nginx, so the same socket address reaches the console: only the forwarded one differs.
    const { user } = await stack.signIn({ role: 'viewer', email: 'other-desk@example.com' });
    expect((await signInFrom('127.0.0.4', user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('streams a 50 MB CSV upload through to the console', async () => {
    const editor = await stack.signIn({ role: 'editor' });
    const header = 'email,firstName,lastName,company\n';
    const rowOf = (index: number) => {
      const id = String(index).padStart(7, '0');
      return `lead${id}@example.com,First ${id},Last ${id},Company ${id} of a name long enough to fill a row\n`;
    };
    const rowBytes = Buffer.byteLength(rowOf(0));
    const rows = Math.ceil((UPLOAD_BYTES - header.length) / rowBytes);
    const size = header.length + rows * rowBytes;
    function* file(): Generator<Buffer> {
      yield Buffer.from(header);
      for (let start = 0; start < rows; start += 1000) {
        let text = '';
        for (let index = start; index < Math.min(rows, start + 1000); index += 1) text += rowOf(index);
        yield Buffer.from(text);
      }
    }
    const answer = await call({
      method: 'POST',
      path: '/api/imports/files?name=fifty.csv',
      from: '127.0.0.5',
      headers: { ...editor.headers, 'content-type': 'text/csv', 'content-length': size },
      body: file(),
    });
    expect(answer.status, nginx.errorLog()).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ name: 'fifty.csv', sizeBytes: size, rowCount: rows });
    expect(size).toBeGreaterThanOrEqual(UPLOAD_BYTES);
  }, 180_000);

  it('answers a load balancer probing /api/health by IP address, while other routes refuse that Host', async () => {
    const headers = { host: '192.0.2.10' };
    const health = await call({ path: '/api/health', from: '127.0.0.6', headers });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });
    expect((await call({ path: '/api/status', from: '127.0.0.6', headers })).status).toBe(421);
  });
});
