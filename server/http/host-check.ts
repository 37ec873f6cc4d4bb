// DNS-rebinding guard. A page on evil.example can make its name resolve to 127.0.0.1 and then call this console
// "same-origin", with our Marketo credentials behind it. Browsers still send `Host: evil.example`, so answering
// only to the names we are reachable by closes that door.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../config/loopback';
import { ApiError } from './api-error';
import { sendApiError } from './error-handler';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]', '::1'];

/** Hostname part of a Host header, lower-cased, port dropped (`[::1]:8080` → `[::1]`). */
export function hostnameOf(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/**
 * The host names to accept: `null` accepts any. Bound to loopback, only loopback names make sense; bound wider,
 * the operator lists the names (ALLOWED_HOSTS) or accepts any.
 */
export function allowedHostNames(bindHost: string, configured: readonly string[]): string[] | null {
  if (configured.length > 0) return [...LOOPBACK_NAMES, ...configured.map((name) => name.toLowerCase())];
  return isLoopbackHost(bindHost) ? [...LOOPBACK_NAMES, bindHost.toLowerCase()] : null;
}

/**
 * Load balancers and Prometheus probe by IP address, a name nobody lists. Liveness and readiness carry no data
 * and touch no session; `/metrics` on this port needs its bearer token, which a rebinding page does not have.
 */
const PROBE_ROUTES = new Set(['/api/health', '/api/ready', '/metrics']);

function isProbe(request: FastifyRequest): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    PROBE_ROUTES.has(request.routeOptions.url ?? '')
  );
}

export function registerHostCheck(app: FastifyInstance, allowed: readonly string[] | null): void {
  if (allowed === null) return;
  const names = new Set(allowed);
  app.addHook('onRequest', async (request, reply) => {
    if (names.has(hostnameOf(request.headers.host ?? '')) || isProbe(request)) return;
    await sendApiError(
      request,
      reply,
      new ApiError(421, 'bad_request', 'This console answers only to the host names it is configured for.'),
    );
    return reply;
  });
}
