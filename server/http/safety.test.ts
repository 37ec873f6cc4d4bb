// Safety properties of the proxy as a whole: headers, SPA serving, no relay, secrets kept out of answers and
// logs, upstream failures mapped to honest statuses, and graceful shutdown.
import {
  existsSync,
  mkdtempSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema } from '../contract/errors';
import { buildApp } from '../app';
import { createAccess, DEFAULT_SESSION_SETTINGS } from '../auth/access-deps';
import { openConsoleDb } from '../store/database';
import { createLogger } from '../logger';
import type { MarketoApi } from '../marketo/types';
import { startTestStack, type TestStack } from '../test-helpers';
import { DEFAULT_CONFIG } from '../emulator/index';

let distDir: string;

beforeAll(() => {
  distDir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  mkdirSync(join(distDir, 'assets'));
  writeFileSync(
    join(distDir, 'index.html'),
    '<!doctype html><title>Partition Console</title><div id="root"></div>',
  );
  writeFileSync(join(distDir, 'assets', 'app-1234.js'), 'console.log("app");');
});
afterAll(() => {
  rmSync(distDir, { recursive: true, force: true });
});

async function fetchToken(stack: TestStack): Promise<string> {
  const { origin, clientId, clientSecret } = stack.emulator;
  const query = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  return ((await (await fetch(`${origin}/identity/oauth/token?${query}`)).json()) as { access_token: string })
    .access_token;
}

describe('the SPA, headers and paths that never reach Marketo', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ distDir, listen: true, logLevel: 'trace' });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('serves / with a strict Content-Security-Policy and no caching of index.html', async () => {
    const response = await fetch(`${stack.origin}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Partition Console');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers deep links with index.html and serves assets', async () => {
    const deep = await fetch(`${stack.origin}/leads/318816`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toContain('text/html');
    const asset = await fetch(`${stack.origin}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${stack.origin}/assets/missing.js`)).status).toBe(404);
  });

  it('never forwards Marketo or emulator paths, whatever the method', async () => {
    const before = await stack.control.stats();
    for (const [method, path] of [
      ['POST', '/__emulator/reset'],
      ['GET', '/__emulator/leads'],
      ['DELETE', '/__emulator/faults'],
      ['GET', '/rest/v1/leads/partitions.json'],
      ['GET', '/identity/oauth/token'],
      ['GET', '/api/../__emulator/stats'],
      ['GET', '/api/leads/318801/../../__emulator/stats'],
    ] as const) {
      const response = await fetch(`${stack.origin}${path}`, { method, headers: stack.api.headers });
      const isSpaPage = response.headers.get('content-type')?.includes('text/html') ?? false;
      // A page path may get the SPA shell; it must never get Marketo's or the emulator's data.
      if (!isSpaPage) {
        expect(response.status, path).toBe(404);
        ErrorEnvelopeSchema.parse(await response.json());
      } else {
        expect(await response.text()).toContain('Partition Console');
      }
    }
    expect((await stack.control.stats()).calls).toBe(before.calls);
    expect((await fetch(`${stack.origin}/__emulator/reset`, { method: 'POST' })).status).toBe(404);
  });

  it('keeps the client secret and the access token out of every answer and every log line', async () => {
    for (const path of ['/api/status', '/api/partitions', '/api/fields', '/api/leads/318801', '/api/docs']) {
      const response = await fetch(`${stack.origin}${path}`, { headers: stack.api.headers });
      const text = await response.text();
      expect(text, path).not.toContain(stack.emulator.clientSecret);
      expect(response.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/);
    }
    const token = await fetchToken(stack);
    const status = await (await fetch(`${stack.origin}/api/status`, { headers: stack.api.headers })).text();
    expect(status).not.toContain(token);
    const logs = stack.logs.join('');
    expect(stack.logs.length).toBeGreaterThan(10);
    expect(logs).toContain('"reqId"');
    expect(logs).not.toContain(stack.emulator.clientSecret);
    expect(logs).not.toContain(token);
  });
});

describe('upstream trouble', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({
      client: { windowMs: 200, maxAttempts: 2, retryBaseDelayMs: 5, deadlineMs: 5000 },
    });
    await stack.api.inject('/api/partitions');
  });
  afterAll(async () => {
    await stack.close();
  });

  it('turns a lasting 606 into 503 upstream_unavailable with Retry-After', async () => {
    await stack.control.injectFault({ code: '606', count: 10 });
    const response = await stack.api.inject('/api/leads/318801');
    await stack.control.clearFaults();
    expect(response.statusCode).toBe(503);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(ErrorEnvelopeSchema.parse(response.json()).error).toMatchObject({
      code: 'upstream_unavailable',
      marketo: { code: '606' },
      retryAt: expect.any(String) as unknown,
    });
  });

  it('turns 607 into 503 quota_exhausted until midnight US Central, and shows it in /api/status', async () => {
    await stack.control.injectFault({ code: '607', count: 1 });
    const response = await stack.api.inject('/api/leads/318801');
    await stack.control.clearFaults();
    expect(response.statusCode).toBe(503);
    const error = ErrorEnvelopeSchema.parse(response.json()).error;
    expect(error).toMatchObject({ code: 'quota_exhausted', marketo: { code: '607' } });
    const retryAt = Date.parse(error.retryAt ?? '');
    expect(retryAt).toBeGreaterThan(Date.now());
    expect(retryAt - Date.now()).toBeLessThanOrEqual(25 * 3600 * 1000);
    const retryAfter = Number(response.headers['retry-after']);
    expect(Math.abs(retryAfter - (retryAt - Date.now()) / 1000)).toBeLessThan(5);
    const status = (await stack.api.inject('/api/status')).json<{
      usage: { dailyQuotaExhausted: boolean };
    }>();
    expect(status.usage.dailyQuotaExhausted).toBe(true);
  });
});

describe('unexpected failures', () => {
  it('answers 500 without details and logs them', async () => {
    const lines: string[] = [];
    const failing = (): Promise<never> => Promise.reject(new Error('database exploded at /internal/path'));
    const marketo = {
      getPartitions: failing,
      describeLeads: failing,
      syncLeads: failing,
      syncLeadsTraced: failing,
      getLeadById: failing,
      getLeadsByFilter: failing,
      updateLeadPartition: failing,
      updateLeadPartitionTraced: failing,
      getUsageToday: failing,
      getActivityTypes: failing,
      getLeadActivities: failing,
      rateBudget: () => ({ callsPer20s: 50, maxConcurrent: 5, callsInWindow: 0, inFlight: 0 }),
    } satisfies MarketoApi;
    const access = createAccess(await openConsoleDb({ sqliteFile: ':memory:' }), {
      session: DEFAULT_SESSION_SETTINGS,
    });
    const user = await access.users.create({
      email: 'ops@example.com',
      name: 'Ops',
      role: 'admin',
      partitions: 'all',
      passwordHash: 'unused',
      createdAt: new Date().toISOString(),
    });
    const { cookieValue } = await access.sessions.start(user.id);
    const app = await buildApp({
      access,
      config: {
        mode: 'marketo',
        instance: 'example.mktorest.com',
        usageTtlMs: 0,
        apiRateLimitPerMinute: 2,
        maxBodyBytes: 1024,
        allowedHosts: null,
      },
      marketo,
      catalog: { partitions: failing, fields: failing },
      logger: createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } }),
    });
    const response = await app.inject({
      url: '/api/partitions',
      headers: { cookie: `pc_session=${cookieValue}` },
    });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { code: 'internal', message: 'Something went wrong in the proxy.' },
    });
    expect(lines.join('')).toContain('database exploded');

    // The console's own request budget answers 429 in the same envelope (health probes are exempt from it).
    const signedIn = { url: '/api/partitions', headers: { cookie: `pc_session=${cookieValue}` } };
    await app.inject(signedIn);
    const limited = await app.inject(signedIn);
    expect(limited.statusCode).toBe(429);
    expect(ErrorEnvelopeSchema.parse(limited.json()).error.code).toBe('rate_limited');
    await app.close();
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight write finish before closing', async () => {
    const stack = await startTestStack({ listen: true, emulator: { latencyMs: 300 } });
    try {
      await fetch(`${stack.origin}/api/fields`, { headers: stack.api.headers });
      await fetch(`${stack.origin}/api/partitions`, { headers: stack.api.headers });
      const write = fetch(`${stack.origin}/api/leads`, {
        method: 'POST',
        headers: { ...stack.api.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ leads: [{ email: 'shutdown-test@example.com' }] }),
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const closing = stack.app.close();
      const response = await write;
      await closing;
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ results: [{ status: 'created' }] });
      const stored = await stack.control.leads();
      expect(stored.filter((lead) => lead.email === 'shutdown-test@example.com')).toHaveLength(1);
    } finally {
      await stack.close();
    }
  });
});

describe('built assets', () => {
  // The pages only: dist/server is the server itself, emulator (and its published demo secret) included.
  const dist = join(import.meta.dirname, '..', '..', 'dist', 'web');
  it.skipIf(!existsSync(dist))('carry no client secret', () => {
    // The SPA never needs a credential: Vite only inlines VITE_* variables, and none may hold one.
    const secrets = [DEFAULT_CONFIG.clientSecret, process.env.MARKETO_CLIENT_SECRET].filter(
      (secret): secret is string => typeof secret === 'string' && secret.length >= 8,
    );
    const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((entry) =>
      entry.isFile(),
    );
    for (const file of files) {
      const text = readFileSync(join(file.parentPath, file.name), 'latin1');
      for (const secret of secrets) expect(text.includes(secret), file.name).toBe(false);
      expect(text, file.name).not.toMatch(/MARKETO_CLIENT_SECRET|client_secret=/);
    }
  });
});
