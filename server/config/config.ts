// Turns the process environment into a frozen Config, or fails naming each bad key (never its value: a
// mistyped secret must not end up in a terminal scrollback or a CI log).
import { demoExposureProblem } from './demo-guard';
import { ADMIN_KEYS, EnvSchema, MARKETO_KEYS } from './env-schema';
import type { TimeoutSettings } from '../http/timeouts';
import type { TrustProxy } from './trust-proxy';
import { readOidcConfig, type OidcSettings, type PasswordSignInPolicy } from './oidc-config';

export type MarketoSettings = { baseUrl: string; clientId: string; clientSecret: string };

export interface Config {
  host: string;
  port: number;
  /** From ALLOWED_HOSTS; see `allowedHostNames` for what is accepted when it is empty. */
  allowedHosts: string[];
  /** `null` means "no Marketo settings": start the emulator in-process and point the proxy at it. */
  marketo: MarketoSettings | null;
  rateBudget: { callsPer20s: number; maxConcurrent: number };
  catalogTtlMs: number;
  usageTtlMs: number;
  apiRateLimitPerMinute: number;
  maxBodyBytes: number;
  shutdownTimeoutMs: number;
  /** How long a client may take to send its request (server/http/timeouts.ts). */
  timeouts: TimeoutSettings;
  /** Imports: the largest accepted CSV file, and the calls per window left free for interactive use. */
  imports: {
    maxBytes: number;
    reservedCalls: number;
    leaseMs: number;
    bulkMinRows: number;
    /** Floor and ceiling of the wait before a status call for a bulk file. */
    bulkPoll: { firstMs: number; maxMs: number };
  };
  /** Days finished import jobs, bulk moves and audit entries are kept (server/store/retention-sweep.ts); `null`: forever. */
  retention: { importDays: number | null; auditDays: number | null };
  logLevel: string;
  emulatorPort: number;
  emulatorDbFile: string;
  distDir: string;
  consoleDbFile: string;
  /** DATABASE_URL: PostgreSQL shared by the replicas; `null` keeps the console database in `consoleDbFile`. */
  databaseUrl: string | null;
  /** From CONSOLE_ADMIN_EMAIL / CONSOLE_ADMIN_PASSWORD; `null` when neither is set. */
  admin: { email: string; password: string } | null;
  session: { idleMs: number; absoluteMs: number };
  /** Which X-Forwarded-* hops to believe: none, the last N, or those from these proxy addresses. */
  trustProxy: TrustProxy;
  /**
   * Prometheus metrics: their own listener (`port`, `null` for none, on `host`), and/or `/metrics` on the
   * console's port for a request bearing `token`. Neither set: no metrics at all.
   */
  metrics: { port: number | null; host: string; token: string | null };
  /** REDIS_URL and REDIS_PREFIX: Redis shared by the replicas; `null` keeps that state in process. */
  redis: { url: string; prefix: string } | null;
  /** OIDC_* (server/config/oidc-config.ts): single sign-on; `null` without OIDC_ISSUER. */
  oidc: OidcSettings | null;
  /** PASSWORD_SIGN_IN; when off, only the break-glass admin (CONSOLE_ADMIN_EMAIL) signs in with a password. */
  passwordSignIn: PasswordSignInPolicy;
}

/** Thrown when the environment is unusable; `problems` name keys only. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    // Our own messages only: zod's defaults could echo parts of the input.
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'environment');
      return issue.code === 'custom' || issue.message.includes(key) ? issue.message : `${key} is invalid`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  const values = parsed.data;
  const present = MARKETO_KEYS.filter((key) => values[key] !== undefined);
  if (present.length > 0 && present.length < MARKETO_KEYS.length) {
    const missing = MARKETO_KEYS.filter((key) => values[key] === undefined);
    throw new ConfigError(
      missing.map(
        (key) => `${key} is missing (set all of ${MARKETO_KEYS.join(', ')}, or none for the emulator)`,
      ),
    );
  }
  const adminKeys = ADMIN_KEYS.filter((key) => values[key] !== undefined);
  if (adminKeys.length === 1) {
    const missing = ADMIN_KEYS.filter((key) => values[key] === undefined);
    throw new ConfigError(
      missing.map((key) => `${key} is missing (set both ${ADMIN_KEYS.join(' and ')}, or neither)`),
    );
  }
  if (
    values.REQUEST_TIMEOUT_SECONDS !== 0 &&
    values.HEADERS_TIMEOUT_SECONDS > values.REQUEST_TIMEOUT_SECONDS
  ) {
    // Node refuses to start a server whose headers may take longer than the whole request.
    throw new ConfigError(['HEADERS_TIMEOUT_SECONDS must not be above REQUEST_TIMEOUT_SECONDS']);
  }
  if (values.METRICS_PORT !== undefined && values.METRICS_PORT !== 0 && values.METRICS_PORT === values.PORT) {
    throw new ConfigError([
      'METRICS_PORT must differ from PORT (metrics never share the public port untokened)',
    ]);
  }
  if (values.IMPORT_RESERVED_CALLS >= values.MARKETO_CALLS_PER_20S) {
    // Otherwise an import would wait forever for a window that is never that empty.
    throw new ConfigError(['IMPORT_RESERVED_CALLS must be below MARKETO_CALLS_PER_20S']);
  }
  const marketo =
    values.MARKETO_BASE_URL && values.MARKETO_CLIENT_ID && values.MARKETO_CLIENT_SECRET
      ? {
          baseUrl: values.MARKETO_BASE_URL.replace(/\/+$/, ''),
          clientId: values.MARKETO_CLIENT_ID,
          clientSecret: values.MARKETO_CLIENT_SECRET,
        }
      : null;
  const exposure = demoExposureProblem({
    host: values.HOST,
    nodeEnv: values.NODE_ENV,
    emulatorMode: marketo === null,
    consoleDemo: values.CONSOLE_DEMO === 'true',
  });
  if (exposure) throw new ConfigError([exposure]);
  const signIn = readOidcConfig(env, values.CONSOLE_ADMIN_EMAIL?.toLowerCase() ?? null);
  if ('problems' in signIn) throw new ConfigError(signIn.problems);
  return Object.freeze({
    host: values.HOST,
    port: values.PORT,
    allowedHosts: values.ALLOWED_HOSTS ? values.ALLOWED_HOSTS.split(',') : [],
    marketo: marketo && Object.freeze(marketo),
    rateBudget: Object.freeze({
      callsPer20s: values.MARKETO_CALLS_PER_20S,
      maxConcurrent: values.MARKETO_MAX_CONCURRENT,
    }),
    catalogTtlMs: values.CATALOG_CACHE_TTL_SECONDS * 1000,
    usageTtlMs: values.USAGE_CACHE_TTL_SECONDS * 1000,
    apiRateLimitPerMinute: values.API_RATE_LIMIT_PER_MINUTE,
    maxBodyBytes: values.MAX_BODY_BYTES,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    timeouts: Object.freeze({
      headersMs: values.HEADERS_TIMEOUT_SECONDS * 1000,
      requestMs: values.REQUEST_TIMEOUT_SECONDS * 1000,
      keepAliveMs: values.KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
      bodyMs: values.BODY_TIMEOUT_SECONDS * 1000,
      uploadIdleMs: values.UPLOAD_IDLE_TIMEOUT_SECONDS * 1000,
    }),
    imports: Object.freeze({
      maxBytes: values.IMPORT_MAX_MB * 1024 * 1024,
      reservedCalls: values.IMPORT_RESERVED_CALLS,
      leaseMs: values.IMPORT_LEASE_SECONDS * 1000,
      bulkMinRows: values.IMPORT_BULK_MIN_ROWS,
      bulkPoll: Object.freeze({
        firstMs: values.IMPORT_BULK_POLL_MIN_SECONDS * 1000,
        maxMs: Math.max(values.IMPORT_BULK_POLL_MIN_SECONDS, values.IMPORT_BULK_POLL_MAX_SECONDS) * 1000,
      }),
    }),
    retention: Object.freeze({
      importDays: values.IMPORT_RETENTION_DAYS || null,
      auditDays: values.AUDIT_RETENTION_DAYS || null,
    }),
    logLevel: values.LOG_LEVEL,
    emulatorPort: values.EMULATOR_PORT,
    emulatorDbFile: values.EMULATOR_DB_FILE,
    distDir: values.DIST_DIR,
    consoleDbFile: values.CONSOLE_DB_FILE,
    databaseUrl: values.DATABASE_URL ?? null,
    admin:
      values.CONSOLE_ADMIN_EMAIL && values.CONSOLE_ADMIN_PASSWORD
        ? Object.freeze({
            email: values.CONSOLE_ADMIN_EMAIL.toLowerCase(),
            password: values.CONSOLE_ADMIN_PASSWORD,
          })
        : null,
    session: Object.freeze({
      idleMs: values.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: values.SESSION_ABSOLUTE_HOURS * 3_600_000,
    }),
    trustProxy: values.TRUST_PROXY,
    metrics: Object.freeze({
      port: values.METRICS_PORT ?? null,
      host: values.METRICS_HOST,
      token: values.METRICS_TOKEN ?? null,
    }),
    redis: values.REDIS_URL ? Object.freeze({ url: values.REDIS_URL, prefix: values.REDIS_PREFIX }) : null,
    oidc: signIn.oidc,
    passwordSignIn: Object.freeze(signIn.passwordSignIn),
  });
}
