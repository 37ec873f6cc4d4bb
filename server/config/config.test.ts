import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const marketo = {
  MARKETO_BASE_URL: 'https://123-ABC-456.mktorest.com/',
  MARKETO_CLIENT_ID: 'client-id-value',
  MARKETO_CLIENT_SECRET: 'super-secret-value',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to emulator mode on loopback with the advised rate budget', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      marketo: null,
      rateBudget: { callsPer20s: 50, maxConcurrent: 5 },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads a complete Marketo configuration and drops trailing slashes', () => {
    const config = loadConfig({ ...marketo, PORT: '9000', MARKETO_CALLS_PER_20S: '80' });
    expect(config.marketo).toEqual({
      baseUrl: 'https://123-ABC-456.mktorest.com',
      clientId: 'client-id-value',
      clientSecret: 'super-secret-value',
    });
    expect(config.port).toBe(9000);
    expect(config.rateBudget.callsPer20s).toBe(80);
  });

  it('reads extra host names and refuses malformed ones', () => {
    expect(loadConfig({ ALLOWED_HOSTS: 'console.example.com,10.0.0.5' }).allowedHosts).toEqual([
      'console.example.com',
      '10.0.0.5',
    ]);
    expect(problemsOf({ ALLOWED_HOSTS: 'a b' })[0]).toContain('ALLOWED_HOSTS');
  });

  it('reads team-access settings with safe defaults', () => {
    expect(loadConfig({})).toMatchObject({
      consoleDbFile: '.data/console.sqlite',
      databaseUrl: null,
      admin: null,
      session: { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
      trustProxy: false,
    });
    const config = loadConfig({
      CONSOLE_ADMIN_EMAIL: 'Ops@Example.com',
      CONSOLE_ADMIN_PASSWORD: 'long-enough-password',
      SESSION_IDLE_MINUTES: '5',
      SESSION_ABSOLUTE_HOURS: '2',
      TRUST_PROXY: '1',
    });
    expect(config).toMatchObject({
      admin: { email: 'ops@example.com', password: 'long-enough-password' },
      session: { idleMs: 5 * 60_000, absoluteMs: 2 * 3_600_000 },
      trustProxy: 1,
    });
  });

  it('reads TRUST_PROXY as a hop count or a list of proxy addresses, and refuses true', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
    ]);
    for (const bad of ['true', 'yes', '11', '10.0.0.5,proxy.example.com', '10.0.0.0/33']) {
      expect(problemsOf({ TRUST_PROXY: bad }).join('\n'), bad).toContain('TRUST_PROXY');
    }
  });

  it('names a missing or weak admin setting and never echoes the password', () => {
    expect(problemsOf({ CONSOLE_ADMIN_EMAIL: 'ops@example.com' })[0]).toContain(
      'CONSOLE_ADMIN_PASSWORD is missing',
    );
    const weak = problemsOf({ CONSOLE_ADMIN_EMAIL: 'ops@example.com', CONSOLE_ADMIN_PASSWORD: 'zzshort' });
    expect(weak.join('\n')).toContain('CONSOLE_ADMIN_PASSWORD');
    expect(weak.join('\n')).not.toContain('zzshort');
  });

  it('reads the import limits, and refuses a reserve that leaves imports no call', () => {
    expect(loadConfig({}).imports).toEqual({
      maxBytes: 100 * 1024 * 1024,
      reservedCalls: 10,
      leaseMs: 30_000,
      bulkMinRows: 50_000,
      bulkPoll: { firstMs: 2000, maxMs: 60_000 },
    });
    expect(
      loadConfig({
        IMPORT_MAX_MB: '5',
        IMPORT_RESERVED_CALLS: '0',
        IMPORT_LEASE_SECONDS: '3',
        IMPORT_BULK_MIN_ROWS: '2000',
        IMPORT_BULK_POLL_MIN_SECONDS: '5',
        IMPORT_BULK_POLL_MAX_SECONDS: '30',
      }).imports,
    ).toEqual({
      maxBytes: 5 * 1024 * 1024,
      reservedCalls: 0,
      leaseMs: 3000,
      bulkMinRows: 2000,
      bulkPoll: { firstMs: 5000, maxMs: 30_000 },
    });
    expect(problemsOf({ IMPORT_LEASE_SECONDS: '0' })[0]).toContain('IMPORT_LEASE_SECONDS');
    expect(problemsOf({ IMPORT_MAX_MB: '0' })[0]).toContain('IMPORT_MAX_MB');
    expect(problemsOf({ MARKETO_CALLS_PER_20S: '10', IMPORT_RESERVED_CALLS: '10' })).toEqual([
      'IMPORT_RESERVED_CALLS must be below MARKETO_CALLS_PER_20S',
    ]);
  });

  it('reads the server timeouts in seconds, and refuses headers allowed longer than the whole request', () => {
    expect(loadConfig({}).timeouts).toEqual({
      headersMs: 10_000,
      requestMs: 3_600_000,
      keepAliveMs: 72_000,
      bodyMs: 30_000,
      uploadIdleMs: 30_000,
    });
    expect(
      loadConfig({
        BODY_TIMEOUT_SECONDS: '5',
        UPLOAD_IDLE_TIMEOUT_SECONDS: '120',
        REQUEST_TIMEOUT_SECONDS: '0',
      }).timeouts,
    ).toMatchObject({ bodyMs: 5_000, uploadIdleMs: 120_000, requestMs: 0 });
    expect(problemsOf({ BODY_TIMEOUT_SECONDS: '0' })).toEqual(['BODY_TIMEOUT_SECONDS must be at least 1']);
    expect(problemsOf({ HEADERS_TIMEOUT_SECONDS: '60', REQUEST_TIMEOUT_SECONDS: '30' })).toEqual([
      'HEADERS_TIMEOUT_SECONDS must not be above REQUEST_TIMEOUT_SECONDS',
    ]);
  });

  it('serves no metrics by default; reads a metrics port, host and token, never echoing the token', () => {
    expect(loadConfig({}).metrics).toEqual({ port: null, host: '127.0.0.1', token: null });
    expect(
      loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: 'a-long-scrape-token-1' })
        .metrics,
    ).toEqual({ port: 9464, host: '0.0.0.0', token: 'a-long-scrape-token-1' });
    expect(loadConfig({ METRICS_PORT: '0' }).metrics.port).toBe(0);
    expect(problemsOf({ METRICS_PORT: '70000' })).toEqual(['METRICS_PORT must be at most 65535']);
    expect(problemsOf({ PORT: '9000', METRICS_PORT: '9000' })[0]).toContain(
      'METRICS_PORT must differ from PORT',
    );
    const weak = problemsOf({ METRICS_TOKEN: 'short zz token' });
    expect(weak[0]).toContain('METRICS_TOKEN');
    expect(weak.join('\n')).not.toContain('zz');
  });

  it('keeps the audit trail a year and finished imports 90 days by default; 0 keeps them forever', () => {
    expect(loadConfig({}).retention).toEqual({ importDays: 90, auditDays: 365 });
    expect(loadConfig({ IMPORT_RETENTION_DAYS: '7', AUDIT_RETENTION_DAYS: '0' }).retention).toEqual({
      importDays: 7,
      auditDays: null,
    });
    expect(problemsOf({ AUDIT_RETENTION_DAYS: '-1' })).toEqual([
      'AUDIT_RETENTION_DAYS must be a whole number',
    ]);
    expect(problemsOf({ IMPORT_RETENTION_DAYS: '36501' })).toEqual([
      'IMPORT_RETENTION_DAYS must be at most 36500',
    ]);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ MARKETO_BASE_URL: '', MARKETO_CLIENT_ID: '', PORT: '' }).marketo).toBeNull();
  });

  it('keeps shared state in process without REDIS_URL, and reads it with its key prefix when set', () => {
    expect(loadConfig({}).redis).toBeNull();
    expect(loadConfig({ REDIS_URL: 'redis://:pw@cache.internal:6380/2' }).redis).toEqual({
      url: 'redis://:pw@cache.internal:6380/2',
      prefix: 'partition-console:',
    });
    expect(loadConfig({ REDIS_URL: 'rediss://cache.internal', REDIS_PREFIX: 'team-b:' }).redis?.prefix).toBe(
      'team-b:',
    );
  });

  it('refuses a bad REDIS_URL or REDIS_PREFIX without echoing the URL or its password', () => {
    const problems = problemsOf({
      REDIS_URL: 'http://user:zzvalue-password@cache.internal',
      REDIS_PREFIX: 'has space zzvalue',
    });
    const text = problems.join('\n');
    expect(text).toContain('REDIS_URL must be a redis:// or rediss:// URL');
    expect(text).toContain('REDIS_PREFIX');
    expect(text).not.toMatch(/zzvalue/);
    expect(problemsOf({ REDIS_URL: 'not a url at all' })[0]).toContain('REDIS_URL');
  });

  it('keeps the console database in SQLite without DATABASE_URL, and reads a postgres one when set', () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
    const url = 'postgresql://console:pw@db.internal:5433/console';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it('refuses a DATABASE_URL of another scheme without echoing it or its password', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://console:zzvalue-password@db.internal/console' });
    expect(problems.join('\n')).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
    expect(problems.join('\n')).not.toMatch(/zzvalue/);
    expect(problemsOf({ DATABASE_URL: 'not a url zzvalue' })[0]).toContain('DATABASE_URL');
    expect(problemsOf({ DATABASE_URL: 'not a url zzvalue' }).join('\n')).not.toMatch(/zzvalue/);
  });

  it('names each missing Marketo key when only some are set', () => {
    const problems = problemsOf({ MARKETO_BASE_URL: marketo.MARKETO_BASE_URL });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('MARKETO_CLIENT_ID');
    expect(problems[1]).toContain('MARKETO_CLIENT_SECRET');
  });

  it('names every bad key and never echoes a value', () => {
    const env = {
      ...marketo,
      MARKETO_BASE_URL: 'ftp://zzvalue-host',
      PORT: 'eighty-zzvalue',
      MARKETO_MAX_CONCURRENT: '11',
      LOG_LEVEL: 'chatty-zzvalue',
    };
    const problems = problemsOf(env);
    const text = problems.join('\n');
    for (const key of ['MARKETO_BASE_URL', 'PORT', 'MARKETO_MAX_CONCURRENT', 'LOG_LEVEL'])
      expect(text).toContain(key);
    expect(text).not.toMatch(/zzvalue|super-secret/);
    expect(new ConfigError(problems).message).not.toMatch(/zzvalue|super-secret/);
  });
});
