// `POST /api/session` (sign in), `GET /api/session` (who am I, and the CSRF token), `DELETE /api/session`.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SessionResponseSchema, SignInRequestSchema } from '../contract/access';
import { ApiError } from '../http/api-error';
import { SESSION_COOKIE, clearedSessionCookie, readCookie, sessionCookie } from '../auth/cookie';
import { burnPasswordCheck, verifyPassword } from '../auth/password';
import { clientAddress, currentUser, unauthenticated } from '../auth/request-auth';
import { actor, toUser } from '../auth/user-view';
import { passwordSignInMode, passwordSignInOff } from '../auth/sso-password-policy';
import type { UserRecord } from '../store/users-repo';
import { errorResponses, type RouteOptions } from './route-options';
import { activitySummary } from '../audit/summary-codes';

// One message for an unknown email, a wrong password and a disabled account: none may be told apart.
const WRONG = 'Email or password is wrong';

function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

export const sessionRoutes: FastifyPluginCallbackZod<RouteOptions> = (app, { access, config }, done) => {
  const { users, sessions, audit, limiter, passwordParams, now } = access;

  const recordFailure = (email: string, userId: number | null, summary: string) =>
    audit.append({
      user: { id: userId, email },
      action: 'auth.sign-in-failed',
      partitions: [],
      leadIds: [],
      outcome: 'failure',
      leads: [],
      requestIds: [],
      summary,
    });

  app.post(
    '/api/session',
    {
      // An email and a password of at most 200 characters: nothing bigger is a sign-in.
      bodyLimit: 4096,
      schema: {
        summary: 'Sign in; sets the session cookie',
        body: SignInRequestSchema,
        response: { 200: SessionResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const address = clientAddress(request);
      // PASSWORD_SIGN_IN=false (server/auth/sso-password-policy.ts): only the break-glass admin goes on.
      const mode = passwordSignInMode(config.passwordSignIn, email);
      if (mode === 'refused') {
        await recordFailure(email, null, activitySummary('sign_in_password_off', { address }));
        throw passwordSignInOff();
      }
      // Counted from here, before the password check, so concurrent guesses cannot outrun the limit.
      const started = await limiter.start(email, address);
      if ('refused' in started) {
        const { retryAt, reason } = started.refused;
        await recordFailure(
          email,
          (await users.byEmail(email))?.id ?? null,
          activitySummary('sign_in_rate_limited', { limit: reason, address }),
        );
        throw new ApiError(429, 'rate_limited', 'Too many sign-in attempts; try again later.', {
          retryAt,
          headers: { 'retry-after': String(Math.max(1, Math.ceil((retryAt.getTime() - now()) / 1000))) },
        });
      }
      const { attempt } = started;
      let user: UserRecord | undefined;
      let ok = false;
      try {
        user = await users.byEmail(email);
        if (user) ok = await verifyPassword(password, user.passwordHash);
        else await burnPasswordCheck(password, passwordParams);
      } catch (error) {
        // Too busy to check (server/auth/password-checks.ts), or broken: for the limits, it never happened. If
        // even that cannot be stored, the attempt's lease runs out (redis-sign-in-limiter.ts); this error matters.
        await attempt.abandoned().catch(() => undefined);
        throw error;
      }
      if (!user || !ok || user.disabled) {
        await attempt.failed();
        const why = !user
          ? 'sign_in_unknown_email'
          : !ok
            ? 'sign_in_wrong_password'
            : 'sign_in_account_disabled';
        await recordFailure(email, user?.id ?? null, activitySummary(why, { address }));
        throw unauthenticated(WRONG);
      }
      // Not stored (shared limits unreachable): the sign-in fails closed with 503, and no session starts.
      await attempt.succeeded();
      // A session cookie sent along is replaced: never keep two sessions for one browser.
      const previous = await sessions.resolve(readCookie(request.headers.cookie, SESSION_COOKIE));
      if (previous) await sessions.end(previous.session);
      const { cookieValue, csrfToken } = await sessions.start(user.id);
      const at = new Date(now()).toISOString();
      await users.markSignedIn(user.id, at);
      await audit.append({
        user: actor(user),
        action: 'auth.sign-in',
        partitions: [],
        leadIds: [],
        outcome: 'success',
        leads: [],
        requestIds: [],
        summary: activitySummary(mode === 'break-glass' ? 'break_glass_sign_in' : 'signed_in', { address }),
      });
      void reply
        .header('set-cookie', sessionCookie(cookieValue, { secure: isHttps(request) }))
        .header('cache-control', 'no-store');
      return { user: toUser({ ...user, lastSignInAt: at }), csrfToken };
    },
  );

  app.get(
    '/api/session',
    {
      schema: {
        summary: 'The signed-in user and the CSRF token writes must carry',
        response: { 200: SessionResponseSchema, ...errorResponses },
      },
    },
    (request, reply) => {
      // The answer carries the CSRF token: no cache may keep it.
      void reply.header('cache-control', 'no-store');
      return { user: toUser(currentUser(request)), csrfToken: request.auth?.session.csrfToken ?? '' };
    },
  );

  app.delete(
    '/api/session',
    {
      schema: {
        summary: 'Sign out; ends the session at once',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      // Sign-out fails closed: whatever the database says, the cookie is cleared and the session refused.
      const ending = request.auth ? await sessions.end(request.auth.session) : undefined;
      if (ending && !ending.deleted) {
        request.log.warn(
          { err: ending.error },
          'sign-out: the session row could not be deleted; the session is refused in this process instead',
        );
      }
      try {
        await audit.append({
          user: actor(user),
          action: 'auth.sign-out',
          partitions: [],
          leadIds: [],
          outcome: 'success',
          leads: [],
          requestIds: [],
          summary: activitySummary('signed_out'),
        });
      } catch (error) {
        // No Marketo write hangs on this entry; refusing the sign-out would only leave the user signed in.
        request.log.error({ err: error }, 'sign-out: the audit entry could not be written');
      }
      await reply
        .header('set-cookie', clearedSessionCookie({ secure: isHttps(request) }))
        .status(204)
        .send(null);
    },
  );
  done();
};
