// Readiness tells the truth: ready on a working stack; 503 naming `database` when the console database cannot be
// written, `marketo` when identity refuses the credentials, `imports` when the runner has stopped; never a secret.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedHostNames } from '../http/host-check';
import { PROBE_INTERVAL_MS } from '../readiness/marketo-check';
import { RUNNER_STALE_MS } from '../readiness/readiness';
import { withFileSizeLimit } from '../store/file-size-limit';
import { startTestStack } from '../test-helpers';

interface NotReady {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}

const failing = (body: NotReady) => body.error.details.map((detail) => detail.path);

describe('GET /api/ready', () => {
  it('is ready on a fresh stack after an upstream call, with no session and by IP address', async () => {
    const stack = await startTestStack({
      app: { allowedHosts: allowedHostNames('0.0.0.0', ['console.example.com']) },
    });
    try {
      const partitions = await stack.api.inject({
        url: '/api/partitions',
        headers: { host: 'console.example.com' },
      });
      expect(partitions.statusCode).toBe(200);
      const ready = await stack.app.inject({ url: '/api/ready', headers: { host: '10.1.2.3:8080' } });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ ready: true, checks: ['database', 'imports', 'marketo'] });
    } finally {
      await stack.close();
    }
  });

  it('on an idle stack asks identity for a token once, then answers from the live token', async () => {
    const stack = await startTestStack();
    try {
      expect((await stack.control.stats()).identityCalls).toBe(0);
      expect((await stack.app.inject('/api/ready')).statusCode).toBe(200);
      expect((await stack.app.inject('/api/ready')).statusCode).toBe(200);
      expect((await stack.control.stats()).identityCalls).toBe(1);
    } finally {
      await stack.close();
    }
  });

  it('answers 503 naming database while the console database cannot grow, and 200 once it can', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ready-db-'));
    const stack = await startTestStack({ consoleDbFile: join(folder, 'console.sqlite') });
    try {
      expect((await stack.app.inject('/api/ready')).statusCode).toBe(200);
      const full = await withFileSizeLimit(0, () => stack.app.inject('/api/ready'));
      expect(full.statusCode).toBe(503);
      const body = full.json<NotReady>();
      expect(body.error.code).toBe('storage_unavailable');
      expect(failing(body)).toEqual(['database']);
      expect(body.error.details[0]?.message).toMatch(/cannot be written \(SQLITE_(FULL|IOERR)/);
      expect((await stack.app.inject('/api/ready')).statusCode).toBe(200);
    } finally {
      await stack.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('answers 503 naming marketo once identity refuses the credentials, and shows no secret', async () => {
    const stack = await startTestStack();
    try {
      await stack.marketo.getPartitions();
      expect((await stack.app.inject('/api/ready')).statusCode).toBe(200);
      // The credentials are revoked; the next call's 602 makes the client ask identity for a new token.
      await stack.control.setConfig({ clientSecret: 'rotated-secret-the-proxy-does-not-have' });
      await stack.control.injectFault({ code: '602' });
      await expect(stack.marketo.describeLeads()).rejects.toThrow(/refused the client credentials/);
      const refused = await stack.app.inject('/api/ready');
      expect(refused.statusCode).toBe(503);
      const body = refused.json<NotReady>();
      expect(body.error.code).toBe('upstream_unavailable');
      expect(failing(body)).toEqual(['marketo']);
      expect(body.error.details[0]?.message).toMatch(/refuses the client credentials/);
      expect(refused.body).not.toContain(stack.emulator.clientSecret);
      expect(refused.body).not.toContain('rotated-secret');

      // Probes soon after ask identity no more; once the credentials work again, the next probe due finds out.
      const identityCalls = (await stack.control.stats()).identityCalls;
      expect((await stack.app.inject('/api/ready')).statusCode).toBe(503);
      expect((await stack.control.stats()).identityCalls).toBe(identityCalls);
      await stack.control.setConfig({ clientSecret: stack.emulator.clientSecret });
      stack.advanceClock(PROBE_INTERVAL_MS);
      expect((await stack.app.inject('/api/ready')).statusCode).toBe(200);
      expect((await stack.control.stats()).identityCalls).toBe(identityCalls + 1);
    } finally {
      await stack.close();
    }
  });

  it('answers 503 naming imports when the import runner has stopped', async () => {
    const stack = await startTestStack();
    try {
      expect((await stack.app.inject('/api/ready')).statusCode).toBe(200);
      await stack.imports.runner.stop();
      const stopped = await stack.app.inject('/api/ready');
      expect(stopped.statusCode).toBe(503);
      expect(failing(stopped.json<NotReady>())).toEqual(['imports']);
      stack.imports.runner.start();
      expect((await stack.app.inject('/api/ready')).statusCode).toBe(200);
    } finally {
      await stack.close();
    }
  });

  it('answers 503 naming imports when the runner has not turned for longer than a turn can take', async () => {
    const stack = await startTestStack();
    try {
      expect((await stack.app.inject('/api/ready')).statusCode).toBe(200);
      stack.advanceClock(RUNNER_STALE_MS + 1000);
      const stuck = await stack.app.inject('/api/ready');
      expect(stuck.statusCode).toBe(503);
      const body = stuck.json<NotReady>();
      expect(failing(body)).toEqual(['imports']);
      expect(body.error.details[0]?.message).toMatch(/has not turned for \d+ s/);
    } finally {
      await stack.close();
    }
  });

  it('is not counted against the API request budget', async () => {
    const stack = await startTestStack({ app: { apiRateLimitPerMinute: 1 } });
    try {
      for (let probe = 0; probe < 3; probe++) {
        expect((await stack.app.inject('/api/ready')).statusCode, `probe ${probe}`).toBe(200);
      }
      expect((await stack.api.inject('/api/status')).statusCode).toBe(200);
    } finally {
      await stack.close();
    }
  });
});
