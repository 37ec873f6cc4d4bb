// A whole stack for tests and benchmarks: the emulator on port 0, the real Marketo client pointed at it, and
// the proxy app (in-process for `inject`, or listening on port 0). Always `close()` it.
import type { AddressInfo } from 'node:net';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Redis } from 'ioredis';
import { buildApp, type App } from './app';
import type { AppConfig } from './app-deps';
import { createAccess, DEFAULT_SESSION_SETTINGS, type AccessDeps } from './auth/access-deps';
import { hashPassword, type ScryptParams } from './auth/password';
import type { SessionSettings } from './auth/sessions';
import type { SignInLimits } from './auth/sign-in-limiter';
import type { PartitionGrant, Role } from './contract/access';
import { CSRF_HEADER } from './contract/access';
import { openConsoleDb } from './store/database';
import type { ConsoleDb } from './store/kysely';
import { ImportRunner } from './imports/runner';
import type { UserRecord } from './store/users-repo';
import { allowedHostNames } from './http/host-check';
import { createLogger } from './logger';
import { MarketoCatalog } from './marketo/catalog';
import { MarketoClient, type MarketoClientOptions } from './marketo/client';
import { startEmulator, type EmulatorConfig, type RunningEmulator } from './emulator/index';
import { emulatorControl, type EmulatorControl } from './emulator/test-helpers';
import { ConsoleMetrics } from './metrics/console-metrics';
import { Readiness } from './readiness/readiness';

export interface TestStackOptions {
  emulator?: Partial<EmulatorConfig>;
  /**
   * An emulator already running, shared with other stacks (several replicas in front of one Marketo); `emulator`
   * options are then ignored, and `close()` leaves it running.
   */
  sharedEmulator?: RunningEmulator;
  /** The emulator's random source for probabilistic faults; pass a seeded one for repeatable runs. */
  emulatorRandom?: () => number;
  /** Overrides for the Marketo client (e.g. a short `windowMs` so a 606 costs milliseconds, not 20 s). */
  client?: Partial<Omit<MarketoClientOptions, 'baseUrl' | 'clientId' | 'clientSecret'>>;
  app?: Partial<AppConfig>;
  catalogTtlMs?: number;
  /** Folder of a built SPA to serve; none by default. */
  distDir?: string | null;
  /** Listen on 127.0.0.1:0 and expose `origin`; otherwise use `app.inject`. */
  listen?: boolean;
  logLevel?: string;
  session?: SessionSettings;
  signInLimits?: SignInLimits;
  /** The console database: `:memory:` (default), or a file a later stack reopens (a proxy restart). */
  consoleDbFile?: string;
  /** A PostgreSQL console database (DATABASE_URL) instead of SQLite, shared with other stacks as replicas share it. */
  databaseUrl?: string;
  /**
   * Imports: the upload limit (default 100 MB), the calls the runner leaves free (default 10), whether the runner
   * starts (default true; `false` leaves jobs `running` with nothing sent, until `imports.runner.start()`), and
   * its chunk lease (default 30 s).
   */
  imports?: {
    maxBytes?: number;
    reservedCalls?: number;
    startRunner?: boolean;
    leaseMs?: number;
    /** Valid rows from which `auto` takes the bulk path (default 50,000). */
    bulkMinRows?: number;
    /** The bulk worker's status-call backoff (default 20 ms doubling to 200 ms) and file size cap. */
    bulkPoll?: { firstMs: number; maxMs: number };
    bulkMaxFileBytes?: number;
    bulkLostGraceMs?: number;
  };
  /** Prometheus metrics, as with METRICS_PORT or METRICS_TOKEN set; `/metrics` also needs `app.metricsToken`. */
  metrics?: boolean;
  /** A replica's Redis connection (REDIS_URL): sign-in limits and the API budget shared with other stacks. */
  redis?: Redis;
}

/** Cheap scrypt parameters: tests hash many passwords; production uses `DEFAULT_SCRYPT_PARAMS`. */
export const TEST_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
/** The password of every user `signIn` creates. */
export const TEST_PASSWORD = 'test-password-123';

export interface SignInSpec {
  role?: Role;
  partitions?: PartitionGrant;
  /** Defaults to a fresh address per call. */
  email?: string;
}

/** A signed-in browser: its cookie and CSRF token, added to every request it makes. */
export interface ApiClient {
  user: UserRecord;
  cookie: string;
  csrfToken: string;
  /** `cookie` and `x-csrf-token`, for `fetch` against a listening stack. */
  headers: Record<string, string>;
  inject(options: string | InjectOptions): Promise<LightMyRequestResponse>;
}

export interface TestStack {
  app: App;
  emulator: RunningEmulator;
  control: EmulatorControl;
  marketo: MarketoClient;
  catalog: MarketoCatalog;
  /** Every log line the proxy and its Marketo client wrote (after secret scrubbing), as JSON text. */
  logs: string[];
  /** The proxy's own origin, when `listen` was set. */
  origin: string | undefined;
  access: AccessDeps;
  /** The import runner (stopped by `close()`) and the console database it and the import routes share. */
  imports: { runner: ImportRunner; db: ConsoleDb };
  /** An admin granted every partition, signed in at start. */
  api: ApiClient;
  /** The app's metrics, when `metrics` was set. */
  metrics: ConsoleMetrics | undefined;
  /** Creates (or reuses, by email) a user and starts a session for them, without spending a sign-in attempt. */
  signIn(spec?: SignInSpec): Promise<ApiClient>;
  /** Moves the clock of sessions, sign-in limits and the audit trail forward. */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

let userCounter = 0;
let testHash: Promise<string> | undefined;

function clientFor(app: App, user: UserRecord, cookieValue: string, csrfToken: string): ApiClient {
  const cookie = `pc_session=${cookieValue}`;
  const headers = { cookie, [CSRF_HEADER]: csrfToken };
  return {
    user,
    cookie,
    csrfToken,
    headers,
    inject(options) {
      const opts: InjectOptions = typeof options === 'string' ? { method: 'GET', url: options } : options;
      return app.inject({ ...opts, headers: { ...headers, ...opts.headers } });
    },
  };
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const emulator =
    options.sharedEmulator ??
    (await startEmulator({
      port: 0,
      dbFile: ':memory:',
      config: options.emulator ?? {},
      ...(options.emulatorRandom ? { random: options.emulatorRandom } : {}),
    }));
  const logs: string[] = [];
  const logger = createLogger({
    level: options.logLevel ?? 'info',
    secrets: [emulator.clientSecret],
    destination: { write: (line: string) => logs.push(line) },
  });
  const metrics = options.metrics
    ? new ConsoleMetrics(options.session ?? DEFAULT_SESSION_SETTINGS)
    : undefined;
  const marketo = new MarketoClient({
    baseUrl: emulator.origin,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    callsPer20s: 50,
    maxConcurrent: 5,
    retryBaseDelayMs: 20,
    logger: logger.child({ component: 'marketo' }),
    onAttempt: metrics?.onMarketoAttempt,
    ...options.client,
  });
  const catalog = new MarketoCatalog(marketo, {
    ttlMs: options.catalogTtlMs ?? 60_000,
    store: options.client?.coordination?.cacheStore,
  });
  let clockOffset = 0;
  const db = await openConsoleDb(
    options.databaseUrl
      ? { postgresUrl: options.databaseUrl }
      : { sqliteFile: options.consoleDbFile ?? ':memory:' },
  );
  const access = createAccess(db, {
    session: options.session ?? DEFAULT_SESSION_SETTINGS,
    // Generous by default: many tests sign in from the same address; the limiter's own tests set real limits.
    signInLimits: options.signInLimits ?? {
      windowMs: 15 * 60_000,
      maxAccountFailures: 1000,
      maxAccountFailuresOverall: 1000,
      maxAddressFailures: 10_000,
    },
    passwordParams: TEST_SCRYPT_PARAMS,
    now: () => Date.now() + clockOffset,
    redis: options.redis,
  });
  // Built the way index.ts builds it.
  const runner = new ImportRunner({
    db,
    marketo,
    catalog,
    access,
    logger: logger.child({ component: 'imports' }),
    now: access.now,
    reservedCalls: options.imports?.reservedCalls ?? 10,
    ...(options.imports?.leaseMs === undefined ? {} : { leaseMs: options.imports.leaseMs }),
    bulkImport: marketo.bulkImport,
    bulkPoll: options.imports?.bulkPoll ?? { firstMs: 20, maxMs: 200 },
    ...(options.imports?.bulkMaxFileBytes === undefined
      ? {}
      : { bulkMaxFileBytes: options.imports.bulkMaxFileBytes }),
    ...(options.imports?.bulkLostGraceMs === undefined
      ? {}
      : { bulkLostGraceMs: options.imports.bulkLostGraceMs }),
  });
  const app = await buildApp({
    config: {
      mode: 'emulator',
      instance: new URL(emulator.origin).host,
      usageTtlMs: 60_000,
      apiRateLimitPerMinute: 100_000,
      maxBodyBytes: 4 * 1024 * 1024,
      allowedHosts: allowedHostNames('127.0.0.1', []),
      ...options.app,
    },
    marketo,
    catalog,
    access,
    logger,
    imports: {
      db,
      runner,
      maxBytes: options.imports?.maxBytes ?? 100 * 1024 * 1024,
      bulkMinRows: options.imports?.bulkMinRows ?? 50_000,
    },
    distDir: options.distDir ?? null,
    readiness: new Readiness({ db, runner, marketo, now: access.now }),
    metrics,
    redis: options.redis,
    quotaState: options.client?.coordination?.quotaState(),
  });
  const signIn = async (spec: SignInSpec = {}): Promise<ApiClient> => {
    userCounter += 1;
    const role = spec.role ?? 'admin';
    const email = (spec.email ?? `${role}-${userCounter}@test.example`).toLowerCase();
    testHash ??= hashPassword(TEST_PASSWORD, TEST_SCRYPT_PARAMS);
    const user =
      (await access.users.byEmail(email)) ??
      (await access.users.create({
        email,
        name: `Test ${role} ${userCounter}`,
        role,
        partitions: spec.partitions ?? 'all',
        passwordHash: await testHash,
        createdAt: new Date(access.now()).toISOString(),
      }));
    const { cookieValue, csrfToken } = await access.sessions.start(user.id);
    return clientFor(app, user, cookieValue, csrfToken);
  };
  const api = await signIn({ role: 'admin', partitions: 'all' });
  let origin: string | undefined;
  if (options.listen) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  } else {
    await app.ready();
  }
  if (options.imports?.startRunner ?? true) runner.start();
  return {
    app,
    emulator,
    control: emulatorControl(emulator.origin),
    marketo,
    catalog,
    logs,
    origin,
    access,
    imports: { runner, db },
    api,
    metrics,
    signIn,
    advanceClock(ms) {
      clockOffset += ms;
    },
    async close() {
      await app.close();
      await runner.stop();
      await marketo.close();
      if (!options.sharedEmulator) await emulator.close();
      await db.close();
    },
  };
}

/** A small seeded PRNG (mulberry32), so fault injection "with probability p" repeats run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
