// Prometheus metrics through the real stack: `/metrics` on the console's port only with its bearer token, request
// durations by route pattern, Marketo attempts by endpoint and code (a 606 injected at the emulator counted right
// after the call), the state gauges, and the separate listener on loopback.
import { describe, expect, it } from 'vitest';
import { allowedHostNames } from '../http/host-check';
import { startTestStack } from '../test-helpers';
import { endpointPattern } from './marketo-metrics';
import { startMetricsListener } from './metrics-server';

const TOKEN = 'scrape-token-for-tests-0123';
const bearer = { authorization: `Bearer ${TOKEN}` };

/** The value of one series in Prometheus text, or undefined when it is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics on the console port', () => {
  it('answers the bearer of METRICS_TOKEN with Prometheus text, by IP address and without a session', async () => {
    const stack = await startTestStack({
      metrics: true,
      app: { metricsToken: TOKEN, allowedHosts: allowedHostNames('0.0.0.0', ['console.example.com']) },
    });
    try {
      const lead = await stack.api.inject({
        url: '/api/leads/999999',
        headers: { host: 'console.example.com' },
      });
      expect(lead.statusCode).toBe(404);
      const scrape = await stack.app.inject({
        url: '/metrics',
        headers: { ...bearer, host: '10.1.2.3:9100' },
      });
      expect(scrape.statusCode).toBe(200);
      expect(scrape.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      for (const name of [
        'http_request_duration_seconds',
        'marketo_calls_total',
        'marketo_token_refreshes_total',
        'marketo_rate_budget_calls_in_window',
        'marketo_rate_budget_calls_per_window',
        'marketo_rate_budget_in_flight',
        'marketo_rate_budget_queued',
        'marketo_daily_calls_used',
        'marketo_daily_quota_exhausted',
        'import_rows',
        'console_active_sessions',
        'process_resident_memory_bytes',
      ]) {
        expect(scrape.body, name).toContain(`# TYPE ${name} `);
      }
      // The route pattern, never the raw URL.
      expect(
        sample(
          scrape.body,
          'http_request_duration_seconds_count{method="GET",route="/api/leads/:id",status="404"}',
        ),
      ).toBe(1);
      // No label carries the id (a sample's value may hold those digits: CPU seconds, bytes).
      expect(scrape.body).not.toMatch(/\{[^}]*999999[^}]*\}/);
      expect(
        sample(scrape.body, 'marketo_calls_total{endpoint="rest/v1/lead/{id}.json",outcome="success"}'),
      ).toBe(1);
      expect(sample(scrape.body, 'marketo_token_refreshes_total{outcome="success"}')).toBe(1);
      expect(sample(scrape.body, 'marketo_rate_budget_calls_per_window')).toBe(50);
      expect(sample(scrape.body, 'console_active_sessions')).toBe(1);
      expect(scrape.body).not.toContain(TOKEN);
    } finally {
      await stack.close();
    }
  });

  it('refuses a scrape without the token or with a wrong one (401), and has no /metrics without a token (404)', async () => {
    const tokened = await startTestStack({ metrics: true, app: { metricsToken: TOKEN } });
    const untokened = await startTestStack({ metrics: true });
    try {
      for (const headers of [
        {},
        { authorization: `Bearer ${TOKEN}x` },
        { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
        { authorization: TOKEN },
        { authorization: `Basic ${TOKEN}` },
      ]) {
        const refused = await tokened.app.inject({ url: '/metrics', headers });
        expect(refused.statusCode, JSON.stringify(headers)).toBe(401);
        expect(refused.headers['www-authenticate']).toBe('Bearer');
        expect(refused.body).not.toContain('marketo_calls_total');
      }
      const absent = await untokened.app.inject({ url: '/metrics', headers: bearer });
      expect(absent.statusCode).toBe(404);
      expect(absent.body).not.toContain('marketo_calls_total');
    } finally {
      await Promise.all([tokened.close(), untokened.close()]);
    }
  });

  it('counts a 606 injected at the emulator under its endpoint right after the call, and the retry that won', async () => {
    // A short window: the 606's wait is one window, milliseconds here rather than 20 s.
    const stack = await startTestStack({
      metrics: true,
      app: { metricsToken: TOKEN },
      client: { windowMs: 50 },
    });
    try {
      await stack.control.injectFault({ code: '606', path: '/rest/v1/leads/partitions.json' });
      await stack.marketo.getPartitions();
      const text = (await stack.app.inject({ url: '/metrics', headers: bearer })).body;
      const partitions = 'marketo_calls_total{endpoint="rest/v1/leads/partitions.json"';
      expect(sample(text, `${partitions},outcome="606"}`)).toBe(1);
      expect(sample(text, `${partitions},outcome="success"}`)).toBe(1);
    } finally {
      await stack.close();
    }
  });

  it('counts import rows by status from the jobs', async () => {
    const stack = await startTestStack({ metrics: true, app: { metricsToken: TOKEN } });
    try {
      const text = ['Email', 'ana@metrics.example', 'not an email'].join('\n');
      const file = await stack.api.inject({
        method: 'POST',
        url: '/api/imports/files?name=rows.csv',
        headers: { 'content-type': 'text/csv' },
        payload: text,
      });
      const started = await stack.api.inject({
        method: 'POST',
        url: '/api/imports',
        payload: { fileId: file.json<{ id: string }>().id, partitionName: 'Mexico', mapping: ['email'] },
      });
      expect(started.statusCode).toBe(201);
      const id = started.json<{ id: string }>().id;
      while ((await stack.api.inject(`/api/imports/${id}`)).json<{ state: string }>().state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const scrape = (await stack.app.inject({ url: '/metrics', headers: bearer })).body;
      expect(sample(scrape, 'import_rows{status="created"}')).toBe(1);
      expect(sample(scrape, 'import_rows{status="skipped"}')).toBe(1);
      expect(sample(scrape, 'import_rows{status="pending"}')).toBe(0);
    } finally {
      await stack.close();
    }
  });
});

describe('the metrics listener (METRICS_PORT)', () => {
  it('answers GET /metrics on loopback, nothing else, and asks for the token when one is set', async () => {
    const stack = await startTestStack({ metrics: true });
    const open = await startMetricsListener(stack.metrics!, { host: '127.0.0.1', port: 0, token: null });
    const tokened = await startMetricsListener(stack.metrics!, { host: '127.0.0.1', port: 0, token: TOKEN });
    try {
      await stack.marketo.getPartitions();
      const scrape = await fetch(`http://127.0.0.1:${open.port}/metrics`);
      expect(scrape.status).toBe(200);
      expect(await scrape.text()).toContain(
        'marketo_calls_total{endpoint="rest/v1/leads/partitions.json",outcome="success"} 1',
      );
      expect((await fetch(`http://127.0.0.1:${open.port}/api/health`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${open.port}/metrics`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${tokened.port}/metrics`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${tokened.port}/metrics`, { headers: bearer })).status).toBe(200);
    } finally {
      await Promise.all([open.close(), tokened.close()]);
      await stack.close();
    }
  });
});

describe('endpoint patterns', () => {
  it('turn ids into {id} and leave fixed paths alone', () => {
    expect(endpointPattern('rest/v1/lead/42.json')).toBe('rest/v1/lead/{id}.json');
    expect(endpointPattern('rest/v1/leads/partitions.json')).toBe('rest/v1/leads/partitions.json');
    expect(endpointPattern('rest/v1/lists/7/leads.json')).toBe('rest/v1/lists/{id}/leads.json');
  });
});
