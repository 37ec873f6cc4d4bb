// Runs the retention sweep at start and then every day, one at a time; a shutdown stops the sweep in flight
// between pages (it records what it did) before the database closes.
import type { Logger } from 'pino';
import { sweepRetention, type RetentionDeps } from './retention-sweep';

export const RETENTION_INTERVAL_MS = 24 * 3600_000;

export class RetentionSchedule {
  private timer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: Omit<RetentionDeps, 'signal'>,
    private readonly logger: Logger,
    private readonly intervalMs = RETENTION_INTERVAL_MS,
  ) {}

  start(): void {
    this.sweepNow();
    this.timer = setInterval(() => this.sweepNow(), this.intervalMs);
    // A pending sweep is no reason to keep the process alive.
    this.timer.unref();
  }

  /** Stops the timer and waits for the sweep in flight to stop at its next page. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.abort.abort();
    await this.running;
  }

  private sweepNow(): void {
    // A sweep that outlasts the interval is not joined by a second one deleting the same rows.
    if (this.running || this.abort.signal.aborted) return;
    this.running = sweepRetention({ ...this.deps, signal: this.abort.signal })
      .then((outcome) => {
        if (outcome.auditEntryId !== null)
          this.logger.info(outcome, 'retention sweep deleted expired records');
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'retention sweep failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
