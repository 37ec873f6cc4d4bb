// A whole stack for tests and benchmarks: the emulator on port 0, the real Marketo client pointed at it, and
// the proxy app (in-process for `inject`, or listening on port 0). Always `close()` it.
import type { AddressInfo } from 'node:net';
import { buildApp, type App } from './app';
import type { AppConfig } from './app-deps';
import { allowedHostNames } from './http/host-check';
import { createLogger } from './logger';
import { MarketoCatalog } from './marketo/catalog';
import { MarketoClient, type MarketoClientOptions } from './marketo/client';
import { startEmulator, type EmulatorConfig, type RunningEmulator } from './emulator/index';
import { emulatorControl, type EmulatorControl } from './emulator/test-helpers';

export interface TestStackOptions {
  emulator?: Partial<EmulatorConfig>;
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
  close(): Promise<void>;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const emulator = await startEmulator({
    port: 0,
    dbFile: ':memory:',
    config: options.emulator ?? {},
    ...(options.emulatorRandom ? { random: options.emulatorRandom } : {}),
  });
  const logs: string[] = [];
  const logger = createLogger({
    level: options.logLevel ?? 'info',
    secrets: [emulator.clientSecret],
    destination: { write: (line: string) => logs.push(line) },
  });
  const marketo = new MarketoClient({
    baseUrl: emulator.origin,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    callsPer20s: 50,
    maxConcurrent: 5,
    retryBaseDelayMs: 20,
    logger: logger.child({ component: 'marketo' }),
    ...options.client,
  });
  const catalog = new MarketoCatalog(marketo, { ttlMs: options.catalogTtlMs ?? 60_000 });
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
    logger,
    distDir: options.distDir ?? null,
  });
  let origin: string | undefined;
  if (options.listen) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  } else {
    await app.ready();
  }
  return {
    app,
    emulator,
    control: emulatorControl(emulator.origin),
    marketo,
    catalog,
    logs,
    origin,
    async close() {
      await app.close();
      await marketo.close();
      await emulator.close();
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
