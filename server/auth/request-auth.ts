// Every /api request except the public ones (health and sign-in) must carry a live session;
// every write must also carry the session's CSRF token. This runs before the body is parsed and before any
// route, so a refused request costs no Marketo call.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSRF_HEADER } from '../contract/access';
import { ApiError } from '../http/api-error';
import { sendApiError } from '../http/error-handler';
import type { UserRecord } from '../store/users-repo';
import { SESSION_COOKIE, readCookie } from './cookie';
import { tokensMatch, type ActiveSession, type SessionManager } from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session, set for every /api route that needs one. */
    auth: ActiveSession | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// The API description is not public: only liveness, readiness and sign-in go without a session.
const PUBLIC = new Set([
  'GET /api/health',
  'HEAD /api/health',
  'GET /api/ready',
  'HEAD /api/ready',
  'POST /api/session',
  // Single sign-on (server/routes/oidc-session.ts): what the sign-in page offers, and the trip to the provider.
  'GET /api/session/oidc/options',
  'GET /api/session/oidc/login',
  'GET /api/session/oidc/callback',
]);

export function unauthenticated(message = 'Sign in to continue.'): ApiError {
  return new ApiError(401, 'unauthenticated', message);
}

/** The signed-in user of a request that passed the session check. */
export function currentUser(request: FastifyRequest): UserRecord {
  if (!request.auth) throw unauthenticated();
  return request.auth.user;
}

/** The client address: the socket's, or the proxy's forwarded one when `trustProxy` is on. */
export function clientAddress(request: FastifyRequest): string {
  return request.ip;
}

export function registerRequestAuth(app: FastifyInstance, sessions: SessionManager): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request, reply) => {
    // The matched route pattern, not the raw URL: the router decodes `/%61pi/status` to `/api/status`, and a
    // check on the raw text would wave it through. Unmatched URLs (404s) fall back to the raw path.
    const path = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    if (path !== '/api' && !path.startsWith('/api/')) return;
    if (PUBLIC.has(`${request.method} ${path}`)) return;
    // `resolve` also refuses a session signed out while its row could not be deleted (revoked-sessions.ts).
    const active = await sessions.resolve(readCookie(request.headers.cookie, SESSION_COOKIE));
    if (!active) {
      await sendApiError(request, reply, unauthenticated());
      return reply;
    }
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (!tokensMatch(typeof header === 'string' ? header : undefined, active.session.csrfToken)) {
        await sendApiError(
          request,
          reply,
          new ApiError(403, 'forbidden', 'The request lacks a valid CSRF token; reload the page.'),
        );
        return reply;
      }
    }
    request.auth = active;
    return undefined;
  });
}
