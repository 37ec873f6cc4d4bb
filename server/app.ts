// The HTTP app: plugins first (validation, errors, docs, headers, budget), then routes, then the SPA.
// It never listens and never reads the environment; `index.ts` and the tests decide both.
import { fastifyTrustProxy } from './config/trust-proxy';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from './app-deps';
import { registerDocs, registerDocsRoute } from './http/docs';
import { registerHostCheck } from './http/host-check';
import { IDEMPOTENT_WRITES, registerIdempotency } from './http/idempotency';
import { installErrorHandler } from './http/error-handler';
import { registerSecurity } from './http/security';
import { registerApiRateLimit } from './http/api-rate-limit';
import { registerSpa } from './http/spa';
import { registerStrictJson } from './http/strict-json';
import { registerMetricsRoute } from './metrics/metrics-route';
import { DEFAULT_TIMEOUTS, registerBodyTimeouts, serverTimeoutOptions } from './http/timeouts';
import { MarketoQuotaError } from './marketo/errors';
import { registerRequestAuth } from './auth/request-auth';
import { activityRoutes } from './routes/activity';
import { activityUndoRoutes } from './routes/activity-undo';
import { healthRoutes } from './routes/health';
import { readyRoutes } from './routes/ready';
import { leadMoveRoutes } from './routes/leads-move';
import { sessionRoutes } from './routes/session';
import { oidcSessionRoutes } from './routes/oidc-session';
import { userRoutes } from './routes/users';
import { leadReadRoutes } from './routes/leads-read';
import { leadHistoryRoutes } from './routes/lead-history';
import { leadWriteRoutes } from './routes/leads-write';
import { importReadRoutes } from './routes/imports-read';
import { importWriteRoutes } from './routes/imports-write';
import { moveRoutes } from './routes/moves';
import { catalogRoutes } from './routes/partitions';
import type { RouteOptions } from './routes/route-options';
import { UsageTracker } from './usage-tracker';

export async function buildApp({
  config,
  marketo,
  catalog,
  access,
  logger,
  imports,
  distDir,
  readiness,
  metrics,
  redis,
  quotaState,
}: AppDeps) {
  const timeouts = config.timeouts ?? DEFAULT_TIMEOUTS;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.maxBodyBytes,
    // Our own ids only: a client-chosen id could forge or flood log correlation.
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    ...serverTimeoutOptions(timeouts),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON is the only body the API accepts; anything else is a 415, not a string for zod to puzzle over.
  app.removeContentTypeParser('text/plain');
  registerStrictJson(app);
  installErrorHandler(app);
  registerBodyTimeouts(app, timeouts);
  registerHostCheck(app, config.allowedHosts);
  // While closing, in-flight requests still finish, but their keep-alive connections must not hold the server
  // open afterwards (Node only drops connections that are idle at the moment close() starts).
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // Callback style: every answer passes here, and an async hook costs each one a promise.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-request-id', String(reply.request.id));
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  await registerDocs(app);
  registerSecurity(app);
  await registerApiRateLimit(app, { perMinute: config.apiRateLimitPerMinute, redis });
  // After the host check and the request budget, before any route: no session, no API.
  registerRequestAuth(app, access.sessions);
  registerIdempotency(app, { routes: IDEMPOTENT_WRITES, now: access.now });

  const usage = new UsageTracker(marketo, config.usageTtlMs, undefined, quotaState);
  app.addHook('onError', async (_request, _reply, error) => {
    if (error instanceof MarketoQuotaError) usage.markExhausted(error.resetsAt);
  });
  metrics?.attach(app, { marketo, usage, db: imports?.db, now: access.now });

  const routeOptions: RouteOptions = { config, marketo, catalog, usage, access };
  await app.register(healthRoutes, routeOptions);
  if (readiness) await app.register(readyRoutes, { readiness });
  if (metrics && config.metricsToken) registerMetricsRoute(app, metrics, config.metricsToken);
  await app.register(sessionRoutes, routeOptions);
  await app.register(oidcSessionRoutes, routeOptions);
  await app.register(userRoutes, routeOptions);
  await app.register(activityRoutes, routeOptions);
  await app.register(catalogRoutes, routeOptions);
  await app.register(leadReadRoutes, routeOptions);
  await app.register(leadHistoryRoutes, routeOptions);
  await app.register(leadWriteRoutes, routeOptions);
  await app.register(leadMoveRoutes, routeOptions);
  if (imports) {
    await app.register(importWriteRoutes, { ...routeOptions, imports });
    await app.register(importReadRoutes, { ...routeOptions, imports });
    await app.register(moveRoutes, { ...routeOptions, imports });
    await app.register(activityUndoRoutes, { ...routeOptions, imports });
  }
  registerDocsRoute(app);
  await registerSpa(app, distDir);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
