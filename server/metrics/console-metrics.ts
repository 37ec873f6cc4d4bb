// The console's Prometheus metrics: one registry per app (never prom-client's global one), so tests can build
// several apps side by side. Built before the Marketo client, whose `onAttempt` feeds it; attached to the app by
// `buildApp`, which adds request timing and the gauges read at scrape time.
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { AttemptObserver } from '../marketo/observer';
import type { SessionLimits } from './console-counts';
import { marketoAttemptObserver } from './marketo-metrics';
import { registerRequestMetrics } from './request-metrics';
import { registerStateGauges, type StateSources } from './state-gauges';

export class ConsoleMetrics {
  readonly registry = new Registry();
  /** For `MarketoClientOptions.onAttempt`. */
  readonly onMarketoAttempt: AttemptObserver;

  /** @param sessions the session limits, to count the live sessions (SESSION_IDLE_MINUTES, ...). */
  constructor(readonly sessions: SessionLimits) {
    // Process memory, CPU and event-loop delay, read at scrape time like the rest.
    collectDefaultMetrics({ register: this.registry });
    this.onMarketoAttempt = marketoAttemptObserver(this.registry);
  }

  /** Times the app's requests and reads its state at each scrape. */
  attach(app: FastifyInstance, sources: Omit<StateSources, 'sessions'>): void {
    registerRequestMetrics(app, this.registry);
    registerStateGauges(this.registry, { ...sources, sessions: this.sessions });
  }

  /** The Prometheus text exposition, and its content type. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
