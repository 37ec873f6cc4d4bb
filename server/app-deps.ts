// What `buildApp` needs from the outside world. Routes program against these interfaces, so tests can hand in
// the real Marketo client (against the emulator) or anything else with the same shape.
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { AccessDeps } from './auth/access-deps';
import type { MarketoApi, MarketoFieldDescription, MarketoPartition } from './marketo/types';
import type { QuotaState } from './marketo/quota-state';
import type { TrustProxy } from './config/trust-proxy';
import type { ConsoleDb } from './store/kysely';
import type { ConsoleMetrics } from './metrics/console-metrics';
import type { Readiness } from './readiness/readiness';
import type { TimeoutSettings } from './http/timeouts';
import type { OidcSettings, PasswordSignInPolicy } from './config/oidc-config';

/** The cached partitions and fields (`MarketoCatalog` in `server/marketo/catalog.ts`). */
export interface Catalog {
  partitions(options?: { refresh?: boolean }): Promise<MarketoPartition[]>;
  fields(options?: { refresh?: boolean }): Promise<MarketoFieldDescription[]>;
}

/** The part of the configuration the HTTP app uses; `index.ts` derives it from `Config`. */
export interface AppConfig {
  mode: 'emulator' | 'marketo';
  /** Host (and port) of the upstream, shown in `/api/status`; never a URL with credentials. */
  instance: string;
  usageTtlMs: number;
  apiRateLimitPerMinute: number;
  maxBodyBytes: number;
  /** Host names the console answers to (DNS-rebinding guard); `null` answers to any. */
  allowedHosts: readonly string[] | null;
  /**
   * Which `X-Forwarded-*` hops to believe (client address for sign-in limits and the audit, https for `Secure`):
   * none, the last N, or those sent by these proxy addresses.
   */
  trustProxy?: TrustProxy;
  /** METRICS_TOKEN: with it (and `metrics`), `/metrics` is served on this port to a request bearing it. */
  metricsToken?: string | null;
  /** How long a client may take to send a request (server/http/timeouts.ts); its defaults when absent. */
  timeouts?: TimeoutSettings;
  /** OIDC_*: single sign-on (server/routes/oidc-session.ts); absent or `null`, passwords only. */
  oidc?: OidcSettings | null;
  /** PASSWORD_SIGN_IN; absent, password sign-in is on. */
  passwordSignIn?: PasswordSignInPolicy;
}

/** What the import routes need: where files, jobs and results live, and the runner that sends them. */
export interface ImportsDeps {
  /** The console database (`import_*` tables). */
  db: ConsoleDb;
  /** Told when a job is created or cancelled, so it picks the change up at once instead of at its next poll. */
  runner: { wake(): void; readonly replicaId: string };
  /** The largest CSV file accepted (IMPORT_MAX_MB), in bytes. */
  maxBytes: number;
  /** Valid rows from which a job (path `auto`) goes through Bulk Import (IMPORT_BULK_MIN_ROWS); default 50,000. */
  bulkMinRows?: number;
}

export interface AppDeps {
  config: AppConfig;
  marketo: MarketoApi;
  catalog: Catalog;
  /** Users, sessions, sign-in limits and the audit trail (`createAccess` in `server/auth/access-deps.ts`). */
  access: AccessDeps;
  logger: FastifyBaseLogger;
  /** Bulk import; an app built without it serves no `/api/imports` routes. */
  imports?: ImportsDeps;
  /** Folder of the built SPA; `null` or a folder without `index.html` serves the API alone. */
  distDir?: string | null;
  /** What `GET /api/ready` checks; an app built without it serves no `/api/ready`. */
  readiness?: Readiness;
  /** Prometheus metrics (server/metrics/console-metrics.ts); without them nothing is timed or counted. */
  metrics?: ConsoleMetrics;
  /** REDIS_URL's connection, shared by the replicas (the API request budget); without it, all in process. */
  redis?: Redis;
  /** Where a 607 is remembered (server/marketo/quota-state.ts); in this process when absent. */
  quotaState?: QuotaState;
}
