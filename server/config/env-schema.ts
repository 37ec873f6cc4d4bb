import { z } from 'zod';
import { TrustProxySchema } from './trust-proxy';

// Every value arrives as a string (or not at all); empty strings count as "not set" so that a `.env` line
// like `MARKETO_CLIENT_ID=` does not switch the console into half-configured Marketo mode.
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

function integer(name: string, fallback: number, min: number, max: number) {
  return z.preprocess(
    (value) => (value === undefined || value === '' ? String(fallback) : value),
    z
      .string()
      .regex(/^[0-9]+$/, `${name} must be a whole number`)
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(min, `${name} must be at least ${min}`)
          .max(max, `${name} must be at most ${max}`),
      ),
  );
}

/** A whole number that may be left unset (`undefined`). */
function optionalInteger(name: string, min: number, max: number) {
  return optionalText.pipe(
    z
      .string()
      .regex(/^[0-9]+$/, `${name} must be a whole number`)
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(min, `${name} must be at least ${min}`)
          .max(max, `${name} must be at most ${max}`),
      )
      .optional(),
  );
}

/** The raw environment the proxy reads; `loadConfig` turns it into a `Config`. */
export const EnvSchema = z.object({
  MARKETO_BASE_URL: optionalText.pipe(
    z
      .url({
        protocol: /^https?$/,
        error: 'MARKETO_BASE_URL must be an http(s) URL such as https://123-ABC-456.mktorest.com',
      })
      .optional(),
  ),
  MARKETO_CLIENT_ID: optionalText,
  MARKETO_CLIENT_SECRET: optionalText,
  /** Extra host names (comma-separated) the console answers to, e.g. when HOST is not loopback. */
  ALLOWED_HOSTS: optionalText.pipe(
    z
      .string()
      .regex(
        /^[A-Za-z0-9.:[\]-]+(,[A-Za-z0-9.:[\]-]+)*$/,
        'ALLOWED_HOSTS must be a comma-separated list of host names',
      )
      .optional(),
  ),
  HOST: optionalText.pipe(z.string().default('127.0.0.1')),
  PORT: integer('PORT', 8080, 0, 65_535),
  MARKETO_CALLS_PER_20S: integer('MARKETO_CALLS_PER_20S', 50, 1, 100),
  MARKETO_MAX_CONCURRENT: integer('MARKETO_MAX_CONCURRENT', 5, 1, 10),
  CATALOG_CACHE_TTL_SECONDS: integer('CATALOG_CACHE_TTL_SECONDS', 600, 0, 7 * 24 * 3600),
  USAGE_CACHE_TTL_SECONDS: integer('USAGE_CACHE_TTL_SECONDS', 300, 0, 24 * 3600),
  API_RATE_LIMIT_PER_MINUTE: integer('API_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
  MAX_BODY_BYTES: integer('MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 64 * 1024 * 1024),
  SHUTDOWN_TIMEOUT_SECONDS: integer('SHUTDOWN_TIMEOUT_SECONDS', 300, 1, 3600),
  /** How long a client may take to send a request (server/http/timeouts.ts); never how long the answer takes. */
  HEADERS_TIMEOUT_SECONDS: integer('HEADERS_TIMEOUT_SECONDS', 10, 1, 600),
  BODY_TIMEOUT_SECONDS: integer('BODY_TIMEOUT_SECONDS', 30, 1, 3600),
  UPLOAD_IDLE_TIMEOUT_SECONDS: integer('UPLOAD_IDLE_TIMEOUT_SECONDS', 30, 1, 3600),
  /** The whole request, uploads included; 0 = no limit. */
  REQUEST_TIMEOUT_SECONDS: integer('REQUEST_TIMEOUT_SECONDS', 3600, 0, 24 * 3600),
  KEEP_ALIVE_TIMEOUT_SECONDS: integer('KEEP_ALIVE_TIMEOUT_SECONDS', 72, 1, 3600),
  /** Largest CSV file an import accepts, in MB (the file is streamed, never held in memory whole). */
  IMPORT_MAX_MB: integer('IMPORT_MAX_MB', 100, 1, 2048),
  /** Calls of the rolling 20 s window that imports leave free for interactive use. */
  IMPORT_RESERVED_CALLS: integer('IMPORT_RESERVED_CALLS', 10, 0, 99),
  /** How long a claimed import chunk stays its replica's without a renewal; another replica settles it after. */
  IMPORT_LEASE_SECONDS: integer('IMPORT_LEASE_SECONDS', 30, 1, 3600),
  /** Valid rows from which an import (path `auto`) goes through Marketo's Bulk Lead Import instead of Sync Leads. */
  IMPORT_BULK_MIN_ROWS: integer('IMPORT_BULK_MIN_ROWS', 50_000, 1, 100_000_000),
  /** Shortest and longest wait before asking Marketo about a bulk file (server/imports/bulk/poll-plan.ts). */
  IMPORT_BULK_POLL_MIN_SECONDS: integer('IMPORT_BULK_POLL_MIN_SECONDS', 2, 1, 600),
  IMPORT_BULK_POLL_MAX_SECONDS: integer('IMPORT_BULK_POLL_MAX_SECONDS', 60, 1, 3600),
  /** Days a finished import job (its file, rows and results) is kept; 0 keeps them forever. */
  IMPORT_RETENTION_DAYS: integer('IMPORT_RETENTION_DAYS', 90, 0, 36_500),
  /** Days an audit entry is kept; 0 keeps the trail forever. */
  AUDIT_RETENTION_DAYS: integer('AUDIT_RETENTION_DAYS', 365, 0, 36_500),
  LOG_LEVEL: optionalText.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  // Emulator mode only: 0 picks any free loopback port; e2e pins one to reach the emulator's control API.
  EMULATOR_PORT: integer('EMULATOR_PORT', 0, 0, 65_535),
  EMULATOR_DB_FILE: optionalText.pipe(z.string().default('.data/emulator.sqlite')),
  DIST_DIR: optionalText.pipe(z.string().default('dist/web')),
  /** The console's own database: users, sessions, audit trail (`:memory:` for a throwaway one). */
  CONSOLE_DB_FILE: optionalText.pipe(z.string().default('.data/console.sqlite')),
  /** The first admin, created at start-up when no user has this email. */
  CONSOLE_ADMIN_EMAIL: optionalText.pipe(
    z.email({ error: 'CONSOLE_ADMIN_EMAIL must be an email address' }).optional(),
  ),
  CONSOLE_ADMIN_PASSWORD: optionalText.pipe(
    z
      .string()
      .min(12, 'CONSOLE_ADMIN_PASSWORD must be at least 12 characters')
      .max(200, 'CONSOLE_ADMIN_PASSWORD must be at most 200 characters')
      .optional(),
  ),
  SESSION_IDLE_MINUTES: integer('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
  SESSION_ABSOLUTE_HOURS: integer('SESSION_ABSOLUTE_HOURS', 12, 1, 30 * 24),
  /** Serve emulator mode beyond loopback or under NODE_ENV=production anyway (see demo-guard.ts). */
  CONSOLE_DEMO: optionalText.pipe(
    z.enum(['true', 'false'], { error: 'CONSOLE_DEMO must be true or false' }).default('false'),
  ),
  NODE_ENV: optionalText,
  /** Behind reverse proxies that set X-Forwarded-For/-Proto: their number, or their addresses; `false` if none. */
  TRUST_PROXY: optionalText.pipe(TrustProxySchema),
  /** Prometheus metrics on a port of their own (0: any free one), bound to METRICS_HOST; unset: no listener. */
  METRICS_PORT: optionalInteger('METRICS_PORT', 0, 65_535),
  METRICS_HOST: optionalText.pipe(z.string().default('127.0.0.1')),
  /** Bearer token for metrics: `/metrics` on the console's port, and asked on METRICS_PORT too. */
  /**
   * PostgreSQL holding the console's users, sessions, audit trail and imports, shared by several replicas;
   * unset keeps them in the SQLite file CONSOLE_DB_FILE. `postgres://user:password@host[:port]/database`.
   */
  DATABASE_URL: optionalText.pipe(
    z
      .url({
        protocol: /^postgres(ql)?$/,
        error:
          'DATABASE_URL must be a postgres:// or postgresql:// URL such as postgres://console@db.internal/console',
      })
      .optional(),
  ),
  /**
   * Redis shared by several replicas (their Marketo budget, token and caches); unset keeps them in process.
   * `redis://[:password@]host[:port][/db]`, or `rediss://` for TLS.
   */
  REDIS_URL: optionalText.pipe(
    z
      .url({
        protocol: /^rediss?$/,
        error: 'REDIS_URL must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379',
      })
      .optional(),
  ),
  /** Put before every key this console writes to Redis, so several consoles can share one. */
  REDIS_PREFIX: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9:._-]{1,64}$/, 'REDIS_PREFIX must be 1 to 64 letters, digits or : . _ -')
      .default('partition-console:'),
  ),
  METRICS_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^[\x21-\x7e]{16,200}$/, 'METRICS_TOKEN must be 16 to 200 printable characters without spaces')
      .optional(),
  ),
});
export type Env = z.output<typeof EnvSchema>;

/** The two settings that together create the first admin. */
export const ADMIN_KEYS = ['CONSOLE_ADMIN_EMAIL', 'CONSOLE_ADMIN_PASSWORD'] as const;

/** The three settings that together select a real Marketo instance. */
export const MARKETO_KEYS = ['MARKETO_BASE_URL', 'MARKETO_CLIENT_ID', 'MARKETO_CLIENT_SECRET'] as const;
