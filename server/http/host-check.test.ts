import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedHostNames, hostnameOf } from './host-check';
import { startTestStack } from '../test-helpers';

describe('host names', () => {
  it('parses Host headers', () => {
    expect(hostnameOf('LocalHost:8080')).toBe('localhost');
    expect(hostnameOf('[::1]:8080')).toBe('[::1]');
    expect(hostnameOf('127.0.0.1')).toBe('127.0.0.1');
  });

  it('accepts loopback names on loopback, anything when bound wider unless names are listed', () => {
    expect(allowedHostNames('127.0.0.1', [])).toContain('localhost');
    expect(allowedHostNames('0.0.0.0', [])).toBeNull();
    expect(allowedHostNames('0.0.0.0', ['Console.Example.com'])).toContain('console.example.com');
  });
});

describe('DNS-rebinding guard', () => {
  it('answers a foreign Host with 421 and no upstream call, and loopback names normally', async () => {
    const stack = await startTestStack({ listen: true });
    try {
      const before = await stack.control.stats();
      const foreign = await stack.api.inject({
        url: '/api/partitions',
        headers: { host: 'evil.example:8080' },
      });
      expect(foreign.statusCode).toBe(421);
      expect(foreign.json()).toMatchObject({ error: { code: 'bad_request' } });
      expect((await stack.control.stats()).calls).toBe(before.calls);
      for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080']) {
        expect((await stack.app.inject({ url: '/api/health', headers: { host } })).statusCode, host).toBe(
          200,
        );
      }
      expect((await fetch(`${stack.origin}/api/health`)).status).toBe(200);
    } finally {
      await stack.close();
    }
  });
});

describe('load balancer health probes', () => {
  it('answer GET and HEAD /api/health by IP address while ALLOWED_HOSTS is set; every other route is 421', async () => {
    const stack = await startTestStack({
      app: { allowedHosts: allowedHostNames('0.0.0.0', ['console.example.com']) },
    });
    try {
      const probe = { host: '10.1.2.3:8080' };
      const health = await stack.app.inject({ url: '/api/health', headers: probe });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({ ok: true });
      expect(
        (await stack.app.inject({ method: 'HEAD', url: '/api/health', headers: probe })).statusCode,
      ).toBe(200);
      const refused = [
        { method: 'GET', url: '/api/status' },
        { method: 'GET', url: '/api/partitions' },
        { method: 'POST', url: '/api/session' },
        { method: 'POST', url: '/api/health' },
        { method: 'GET', url: '/api/health/extra' },
        { method: 'GET', url: '/' },
      ] as const;
      for (const { method, url } of refused) {
        const response = await stack.app.inject({ method, url, headers: probe });
        expect(response.statusCode, `${method} ${url}`).toBe(421);
      }
      const named = await stack.app.inject({ url: '/api/status', headers: { host: 'console.example.com' } });
      expect(named.statusCode).toBe(401);
    } finally {
      await stack.close();
    }
  });

  it('also reach /api/ready and a tokened /metrics by IP address; the check still guards the rest', async () => {
    const token = 'host-check-metrics-token';
    const stack = await startTestStack({
      metrics: true,
      app: { allowedHosts: allowedHostNames('0.0.0.0', ['console.example.com']), metricsToken: token },
    });
    try {
      const probe = { host: '10.1.2.3:8080' };
      expect((await stack.app.inject({ url: '/api/ready', headers: probe })).statusCode).toBe(200);
      expect((await stack.app.inject({ method: 'HEAD', url: '/api/ready', headers: probe })).statusCode).toBe(
        200,
      );
      const scrape = { ...probe, authorization: `Bearer ${token}` };
      expect((await stack.app.inject({ url: '/metrics', headers: scrape })).statusCode).toBe(200);
      expect((await stack.app.inject({ url: '/metrics', headers: probe })).statusCode).toBe(401);
      expect((await stack.app.inject({ method: 'POST', url: '/api/ready', headers: probe })).statusCode).toBe(
        421,
      );
      expect((await stack.app.inject({ url: '/metrics/extra', headers: scrape })).statusCode).toBe(421);
    } finally {
      await stack.close();
    }
  });

  it('are not counted against the API request budget', async () => {
    const stack = await startTestStack({ app: { apiRateLimitPerMinute: 2 } });
    try {
      for (let probe = 0; probe < 5; probe++)
        expect((await stack.app.inject('/api/health')).statusCode, `probe ${probe}`).toBe(200);
      expect((await stack.api.inject('/api/status')).statusCode).toBe(200);
      expect((await stack.api.inject('/api/status')).statusCode).toBe(200);
      expect((await stack.api.inject('/api/status')).statusCode).toBe(429);
      expect((await stack.app.inject('/api/health')).statusCode).toBe(200);
    } finally {
      await stack.close();
    }
  });
});

describe('the API request budget', () => {
  it('counts API calls only: the SPA files and its page fallback never use it', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'spa-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const stack = await startTestStack({ app: { apiRateLimitPerMinute: 2 }, distDir: dist });
    try {
      for (const url of [
        '/assets/app.js',
        '/partitions',
        '/',
        '/assets/app.js',
        '/leads/1',
        '/assets/app.js',
      ])
        expect((await stack.app.inject(url)).statusCode, url).toBe(200);
      expect((await stack.api.inject('/api/status')).statusCode).toBe(200);
      // The same route spelled with an escape is still an API call.
      expect((await stack.api.inject('/%61pi/status')).statusCode).toBe(200);
      expect((await stack.api.inject('/api/status')).statusCode).toBe(429);
    } finally {
      await stack.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
