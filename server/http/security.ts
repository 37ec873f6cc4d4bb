// Security headers. The CSP allows inline styles only because MUI/emotion inject <style> tags at run time;
// scripts come from our own origin and nowhere else. The request budget is in api-rate-limit.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

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

export function registerSecurity(app: FastifyInstance): void {
  const headers = helmetHeaders();
  // Set first, so every answer carries them, refusals and errors included; through the reply, which writes them
  // with its own headers, rather than one raw setHeader (and its checks) each.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
