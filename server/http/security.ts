// Security headers and the console's own request budget. The CSP allows inline styles only because
// MUI/emotion inject <style> tags at run time; scripts come from our own origin and nowhere else.
import type { IncomingMessage, ServerResponse } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { ApiError } from './api-error';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // The console is served over plain http on loopback; upgrading would break its own asset requests.
  upgradeInsecureRequests: null,
};

const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  // HSTS means nothing over http and would pin a developer's localhost to https if ever served over TLS.
  strictTransportSecurity: false,
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * The headers helmet sets, worked out once: they depend on the options alone. @fastify/helmet built helmet's
 * middleware and parsed the CSP again for every request, 0.07 ms of each lead read.
 */
function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: () => undefined,
  };
  helmet(HELMET_OPTIONS)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

export async function registerSecurity(app: FastifyInstance, options: { perMinute: number }): Promise<void> {
  const headers = helmetHeaders();
  // Set first, so every answer carries them, refusals and errors included; through the reply, which writes them
  // with its own headers, rather than one raw setHeader (and its checks) each.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  // A runaway browser tab must not burn Marketo's shared rate budget; this caps the console's own API. The SPA's
  // files are not API calls: one page load fetches some 25 of them, and counting those locked a user out after
  // two dozen page loads a minute.
  await app.register(rateLimit, {
    max: options.perMinute,
    // The matched route, as the session check reads it: `/%61pi/leads` is routed to /api/leads and counted.
    allowList: (request) => !(request.routeOptions.url ?? request.url).startsWith('/api/'),
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      new ApiError(429, 'rate_limited', 'Too many requests to the console; slow down.', {
        retryAt: new Date(Date.now() + context.ttl),
      }),
  });
}
