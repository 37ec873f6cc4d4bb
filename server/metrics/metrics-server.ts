// The metrics listener on METRICS_PORT, apart from the console's port: bound to METRICS_HOST (loopback unless
// the operator says otherwise), answering `GET /metrics` and nothing else. With METRICS_TOKEN set it asks for
// the token here too, so binding it wider never opens it to anyone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { StartupError } from '../startup-error';
import { bearerMatches } from './bearer';
import type { ConsoleMetrics } from './console-metrics';

export interface MetricsListener {
  port: number;
  close(): Promise<void>;
}

export interface MetricsListenerOptions {
  host: string;
  port: number;
  token: string | null;
  /** Told when a scrape fails, so the failure reaches the log rather than only the scraper. */
  onError?: (error: unknown) => void;
}

function handler(
  metrics: ConsoleMetrics,
  options: MetricsListenerOptions,
): Parameters<typeof createServer>[1] {
  return (request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('Not found: only GET /metrics is served here.\n');
      return;
    }
    if (options.token !== null && !bearerMatches(request.headers.authorization, options.token)) {
      response
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
        .end('Send the metrics token as a Bearer token.\n');
      return;
    }
    metrics.exposition().then(
      ({ contentType, text }) => response.writeHead(200, { 'content-type': contentType }).end(text),
      (error: unknown) => {
        options.onError?.(error);
        response.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics could not be collected.\n');
      },
    );
  };
}

export async function startMetricsListener(
  metrics: ConsoleMetrics,
  options: MetricsListenerOptions,
): Promise<MetricsListener> {
  const server: Server = createServer(handler(metrics, options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Starts the listener for the process (server/index.ts), naming the setting at fault when it cannot. Nothing
 * closes it: shutdown ends with the process's exit.
 */
export async function listenForMetrics(
  metrics: ConsoleMetrics,
  settings: { port: number; host: string; token: string | null },
  logger: Pick<Logger, 'info' | 'error'>,
): Promise<void> {
  try {
    const listener = await startMetricsListener(metrics, {
      ...settings,
      onError: (error) => logger.error({ err: error }, 'metrics could not be collected'),
    });
    logger.info({ host: settings.host, port: listener.port }, 'metrics listening');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new StartupError(
        `METRICS_PORT ${settings.port} is already in use on ${settings.host}; set another.`,
      );
    }
    if (code === 'EADDRNOTAVAIL') {
      throw new StartupError(
        `METRICS_HOST ${settings.host} is not an address of this machine; check METRICS_HOST.`,
      );
    }
    throw error;
  }
}
