// Server timeouts: how long a client may take to send its request, and how long an idle connection is kept.
// Only the arrival of the request is timed, never the answer: a 1,000-lead write can wait minutes on Marketo's
// limits once its body is in, and must not be cut off (SHUTDOWN_TIMEOUT_SECONDS waits for it for the same reason).
//
// - Headers: Node's `headersTimeout`, from the connection (or the previous answer) to the end of the headers.
// - JSON bodies: this file's body timer, from the moment the headers are read to the end of the body. A total
//   and not an idle time: a body trickled at 1 byte/s is never idle, yet must not hold a connection for minutes.
// - Uploads (routes with `config: { bodyTimeout: 'idle' }`): a large CSV on a slow link takes as long as it
//   takes, so only silence counts: no byte for `uploadIdleMs`. Silence while we are the slow side (the database
//   holding the stream back) does not count.
// - Requests: Node's `requestTimeout`, the backstop for the whole request to arrive, uploads included.
// - Keep-alive: how long a connection may sit between requests.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyHttpOptions, FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `idle`: time the body out on silence, not on its total time (streamed uploads). */
    bodyTimeout?: 'idle';
  }
}

export interface TimeoutSettings {
  headersMs: number;
  /** Whole request, uploads included; 0 turns the backstop off. */
  requestMs: number;
  keepAliveMs: number;
  /** A JSON body, start to end. */
  bodyMs: number;
  /** An upload: the longest silence between two chunks. */
  uploadIdleMs: number;
}

/** The env defaults (server/config/env-schema.ts), for apps built without settings (tests). */
export const DEFAULT_TIMEOUTS: TimeoutSettings = {
  headersMs: 10_000,
  requestMs: 3_600_000,
  keepAliveMs: 72_000,
  bodyMs: 30_000,
  uploadIdleMs: 30_000,
};

const TOO_SLOW = 'The request arrived too slowly and was cut off; nothing was done. Try again.';

function tooSlow(): ApiError {
  return new ApiError(408, 'bad_request', TOO_SLOW, { headers: { connection: 'close' } });
}

/** Fastify's own 408 and 400 bypass our error handler; these carry the same envelope as every other error. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const status = timedOut ? '408 Request Timeout' : '400 Bad Request';
  const body = JSON.stringify(
    timedOut
      ? tooSlow().toEnvelope()
      : new ApiError(400, 'bad_request', 'Malformed HTTP request.').toEnvelope(),
  );
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** The Fastify options that set Node's own timeouts. */
export function serverTimeoutOptions(
  settings: TimeoutSettings,
): Pick<FastifyHttpOptions<Server>, 'keepAliveTimeout' | 'requestTimeout' | 'http' | 'clientErrorHandler'> {
  return {
    keepAliveTimeout: settings.keepAliveMs,
    requestTimeout: settings.requestMs,
    http: {
      headersTimeout: settings.headersMs,
      // Here too: Node checks the headers timeout against this one (its own default is 300 s) as it creates the
      // server, before Fastify sets `requestTimeout`.
      requestTimeout: settings.requestMs,
      // Node looks for expired headers and requests only this often (30 s by default), which would let a
      // 10 s headers timeout run to 40 s.
      connectionsCheckingInterval: Math.min(1_000, settings.headersMs),
    },
    clientErrorHandler: answerClientError,
  };
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The body as the parsers see it, passed through a timer. On time-out the parser gets a 408 `ApiError` and the
 * request stream is left alone: destroying it would close the socket before the 408 could be written.
 */
function timedBody(
  payload: Readable,
  timing: { idleMs: number } | { totalMs: number },
  onLate: () => void,
): PassThrough {
  const body = new PassThrough();
  // Consumers listen for errors themselves; this one keeps a time-out after they stopped reading from crashing us.
  body.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const stop = () => clearTimeout(timer);
  const expire = () => {
    // Paused by the pipe: our consumer is the slow side, so the silence is not the client's.
    if ('idleMs' in timing && payload.readableFlowing === false) {
      timer = setTimeout(expire, timing.idleMs);
      return;
    }
    payload.unpipe(body);
    body.destroy(tooSlow());
    onLate();
  };
  timer = setTimeout(expire, 'idleMs' in timing ? timing.idleMs : timing.totalMs);
  if ('idleMs' in timing) {
    payload.on('data', () => timer?.refresh());
  }
  payload.on('end', stop);
  payload.on('error', (error) => {
    stop();
    body.destroy(error);
  });
  body.on('close', stop);
  payload.pipe(body);
  return body;
}

/** Times every request body: uploads on silence, everything else start to end (see the top of this file). */
export function registerBodyTimeouts(app: FastifyInstance, settings: TimeoutSettings): void {
  // Callback style: every request passes here, most without a body, and an async hook costs each one a promise.
  app.addHook('preParsing', (request, reply, payload, done) => {
    if (!hasBody(request)) {
      done(null, payload);
      return;
    }
    const timing =
      request.routeOptions.config.bodyTimeout === 'idle'
        ? { idleMs: settings.uploadIdleMs }
        : { totalMs: settings.bodyMs };
    const body = timedBody(payload, timing, () => {
      // Already answered (refused before the body was read): nobody will send the 408, so just hang up.
      if (reply.sent) request.raw.destroy();
    });
    done(null, body);
  });
}
