// Single sign-on routes (server/auth/README.md "Single sign-on"): what the sign-in page offers, the trip to the
// identity provider and back, and the provider's end-session URL for sign-out. The work is in auth/sso-sign-in.ts.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { OIDC_CALLBACK_PATH } from '../config/oidc-config';
import { SESSION_COOKIE, readCookie, sessionCookie } from '../auth/cookie';
import { OidcClient } from '../auth/oidc-client';
import {
  LOGIN_STATE_COOKIE,
  LoginStateSeal,
  SEALED_COOKIE_VALUE,
  clearedLoginStateCookie,
  loginStateCookie,
} from '../auth/oidc-login-state';
import { clientAddress, currentUser } from '../auth/request-auth';
import { SsoRefusal } from '../auth/sso-refusal';
import { SsoSignIn } from '../auth/sso-sign-in';
import { EndSessionResponseSchema, SignInOptionsSchema } from '../contract/sso';
import { notFound } from '../http/api-error';
import { errorResponses, type RouteOptions } from './route-options';

const ReturnToSchema = z.object({ returnTo: z.string().max(500).optional() });

/**
 * Only a path of this console: an absolute or protocol-relative URL would make the sign-in an open redirect, and
 * browsers drop tabs and line breaks from URLs (`/<tab>/evil.example` is `//evil.example`), so none is allowed.
 */
function safeReturnTo(value: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused.
  return value && /^\/(?![/\\])[^\u0000-\u001f\u007f\\]*$/.test(value) ? value : '/';
}

function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

function wantsPage(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

export const oidcSessionRoutes: FastifyPluginCallbackZod<RouteOptions> = (
  app,
  { config, catalog, access },
  done,
) => {
  const settings = config.oidc ?? null;
  const sso = settings
    ? new SsoSignIn({ settings, client: new OidcClient(settings, access.now), catalog, accounts: access })
    : null;
  const seal = settings ? new LoginStateSeal(settings.clientSecret) : null;

  const enabled = () => {
    if (!sso || !seal) throw notFound('Single sign-on is not set up on this console.');
    return { sso, seal };
  };

  /** A browser goes back to the sign-in page, which words the reason; any other client gets the envelope. */
  const refuse = async (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    if (!(error instanceof SsoRefusal)) throw error;
    request.log.warn({ reason: error.reason, detail: error.detail }, 'single sign-on refused');
    void reply.header('set-cookie', clearedLoginStateCookie({ secure: isHttps(request) }));
    if (!wantsPage(request)) throw error.toApiError();
    return reply.redirect(`/sign-in?sso_error=${error.reason}`, 303);
  };

  app.get(
    '/api/session/oidc/options',
    {
      schema: {
        summary: 'How the sign-in page may sign in (public)',
        response: { 200: SignInOptionsSchema },
      },
    },
    () => ({
      oidc: settings ? { displayName: settings.displayName, accessContact: settings.accessContact } : null,
      passwordSignIn: config.passwordSignIn?.enabled ?? true,
    }),
  );

  app.get(
    '/api/session/oidc/login',
    {
      schema: {
        summary: 'Starts single sign-on: redirects to the identity provider (public)',
        querystring: ReturnToSchema,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { sso, seal } = enabled();
      const redirectUri =
        settings?.redirectUrl ?? `${request.protocol}://${request.host}${OIDC_CALLBACK_PATH}`;
      try {
        const { url, state } = await sso.start(
          redirectUri,
          safeReturnTo(request.query.returnTo),
          clientAddress(request),
        );
        return reply
          .header('set-cookie', loginStateCookie(seal.seal(state), { secure: isHttps(request) }))
          .header('cache-control', 'no-store')
          .redirect(url.toString(), 302);
      } catch (error) {
        return refuse(request, reply, error);
      }
    },
  );

  app.get(
    OIDC_CALLBACK_PATH,
    {
      schema: {
        summary:
          "The identity provider's redirect back: checks it, applies the groups, starts a session (public)",
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { sso, seal } = enabled();
      const login = seal.open(
        readCookie(request.headers.cookie, LOGIN_STATE_COOKIE, SEALED_COOKIE_VALUE),
        access.now(),
      );
      // The provider's parameters on the redirect URI this sign-in announced, as openid-client compares them.
      const callbackUrl = new URL(
        login?.redirectUri ?? `${request.protocol}://${request.host}${OIDC_CALLBACK_PATH}`,
      );
      callbackUrl.search = new URL(request.url, 'http://callback.invalid').search;
      try {
        const { cookieValue } = await sso.finish(callbackUrl, login, clientAddress(request));
        // A session cookie sent along is replaced: never keep two sessions for one browser.
        const previous = await access.sessions.resolve(readCookie(request.headers.cookie, SESSION_COOKIE));
        if (previous) await access.sessions.end(previous.session);
        const secure = isHttps(request);
        return reply
          .header('set-cookie', [clearedLoginStateCookie({ secure }), sessionCookie(cookieValue, { secure })])
          .header('cache-control', 'no-store')
          .redirect(login?.returnTo ?? '/', 303);
      } catch (error) {
        return refuse(request, reply, error);
      }
    },
  );

  app.get(
    '/api/session/oidc/sign-out',
    {
      schema: {
        summary: "Where to end the identity provider's session after signing out here (RP-initiated logout)",
        response: { 200: EndSessionResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      if (!sso || !user.sso) return { endSessionUrl: null };
      const origin = new URL(settings?.redirectUrl ?? `${request.protocol}://${request.host}`).origin;
      return { endSessionUrl: await sso.endSessionUrl(`${origin}/sign-in`) };
    },
  );
  done();
};
