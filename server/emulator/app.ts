// The emulator's request listener: splits traffic between the control API, identity and the REST gate.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyFault, handleRest, type Outcome } from './rest-gate';
import { type EmulatorReply, MAX_URI_BYTES, nginxReply, sendReply } from './http-io';
import { removeDotSegments } from './dot-segments';
import { handleControl } from './routes/control';
import { identityToken } from './routes/identity';
import { type EmulatorState, recordError } from './state';

export interface AppLogger {
  info(message: string): void;
  error(message: string): void;
}

function splitUrl(rawUrl: string): { path: string; query: URLSearchParams } {
  // Not `new URL()`: it would read `//rest/...` as a host name instead of a (wrong) path.
  const q = rawUrl.indexOf('?');
  const path = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
  return { path, query: new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : '') };
}

async function route(req: IncomingMessage, res: ServerResponse, state: EmulatorState): Promise<Outcome> {
  const rawUrl = req.url ?? '/';
  if (Buffer.byteLength(rawUrl) > MAX_URI_BYTES) {
    return { reply: nginxReply(414, 'Request-URI Too Large'), code: '414' };
  }
  const split = splitUrl(rawUrl);
  const path = removeDotSegments(split.path);
  if (path === undefined) return { reply: nginxReply(400, 'Bad Request'), code: '400' };
  const { query } = split;
  if (path.startsWith('/__emulator/')) return { reply: await handleControl(req, path, state) };
  if (path === '/identity/oauth/token') {
    state.stats.identityCalls += 1;
    const clientGone = new AbortController();
    res.once('close', () => clientGone.abort());
    const fault = state.faults.take(path);
    if (fault) return applyFault({ state }, fault, undefined, clientGone.signal);
    const reply = await identityToken(req, query, state);
    return reply.status === 200 ? { reply } : { reply, code: String(reply.status) };
  }
  // `//rest/...` reaches the REST gateway too, but matches no route: 610 (the real answer is unconfirmed, §14.16).
  if (/^\/+(rest|bulk)\//.test(path)) return handleRest({ req, res, path, query, state });
  return { reply: nginxReply(404, 'Not Found'), code: '404' };
}

export function createListener(
  state: EmulatorState,
  logger?: AppLogger,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = Date.now();
    route(req, res, state)
      .catch((error: unknown): Outcome => {
        logger?.error(`emulator: unhandled ${error instanceof Error ? error.stack : String(error)}`);
        const reply: EmulatorReply = nginxReply(500, 'Internal Server Error');
        return { reply, code: '500' };
      })
      .then((outcome) => {
        if (outcome.code !== undefined) recordError(state, outcome.code);
        sendReply(req, res, outcome.reply);
        logger?.info(
          `${req.method} ${(req.url ?? '').split('?')[0]} → ${outcome.reply.status} ${outcome.code ?? ''} ${Date.now() - started}ms`,
        );
      })
      .catch((error: unknown) => logger?.error(`emulator: reply failed ${String(error)}`));
  };
}
