// Public entry of the Marketo emulator: start one on a port (0 = any free port), get its URLs, close it.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppLogger, createListener } from './app';
import { createState } from './state';

export type { EmulatorConfig } from './config';
export { DEFAULT_CONFIG } from './config';
import type { EmulatorConfig } from './config';

export interface StartEmulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Default ':memory:'. */
  dbFile?: string;
  config?: Partial<EmulatorConfig>;
  /** Default false: one line per request on stdout/stderr when true. */
  logger?: boolean;
  /** Test hook: the clock behind token expiry, the rate window, the quota day and `requestId`. */
  now?: () => number;
  /** Test hook: the random source behind probabilistic faults. */
  random?: () => number;
}

export interface RunningEmulator {
  /** E.g. 'http://127.0.0.1:4010': the value a client uses as MARKETO_BASE_URL. */
  origin: string;
  /** origin + '/rest' */
  restUrl: string;
  /** origin + '/identity' */
  identityUrl: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

const consoleLogger: AppLogger = {
  info: (message) => console.log(message),
  error: (message) => console.error(message),
};

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const state = createState({
    dbFile: options.dbFile ?? ':memory:',
    config: options.config,
    now: options.now,
    random: options.random,
  });
  // Headers up to 64 KB reach us, so long URIs get Marketo's 414 rather than Node's own 431.
  const server = createServer(
    { maxHeaderSize: 64 * 1024 },
    createListener(state, options.logger ? consoleLogger : undefined),
  );
  let address: AddressInfo;
  try {
    address = await listen(server, options.port ?? 0, host);
  } catch (error) {
    state.db.close();
    throw error;
  }
  const shownHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shownHost}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    origin,
    restUrl: `${origin}/rest`,
    identityUrl: `${origin}/identity`,
    clientId: state.config.clientId,
    clientSecret: state.config.clientSecret,
    close() {
      closing ??= new Promise<void>((resolve) => {
        state.shutdown.abort();
        server.close(() => {
          state.db.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
