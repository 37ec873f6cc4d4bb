// What a failed Marketo call means for an import, and how long its job then waits: a call refused before it ran
// is safe to resend after a pause, one refused for good stops the job, one that may have run is settled by lookup.
import {
  MarketoApiError,
  MarketoAuthError,
  MarketoQuotaError,
  MarketoUnavailableError,
} from '../marketo/errors';
import { CoordinationUnavailableError } from '../marketo/shared/coordination-error';
import { jobMessage } from './job-messages';

/** Where a job's pause is stored: the import runs repository, or the bulk moves one. */
export interface PausableJobs {
  pause(jobId: string, untilMs: number, message: string): Promise<void>;
}

export interface Backoff {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 30_000, maxMs: 5 * 60_000 };

// Marketo refused these before doing anything (rate, concurrency, "temporarily unavailable"): safe to resend.
const REFUSED_CODES = new Set(['606', '615', '608', '614', '429']);
// Token refusals that outlasted the client's fresh tokens.
const TOKEN_CODES = new Set(['600', '601', '602']);
// The request may have run (timeouts, system errors): only a lookup can tell.
const MAYBE_RAN_CODES = new Set(['604', '611', '713', '500', '502']);

export type CallFailure =
  | { kind: 'quota'; resetsAt: Date }
  | { kind: 'refused' }
  | { kind: 'rejected'; why: string; requestId: string | undefined }
  | { kind: 'maybe-ran' };

/** Which way a failed call went: refused before running, refused for good, or possibly applied. */
export function classify(error: unknown): CallFailure {
  if (error instanceof MarketoQuotaError) return { kind: 'quota', resetsAt: error.resetsAt };
  // Redis was away, so the call was never sent (server/marketo/shared/shared-budget.ts): resend after a pause.
  if (error instanceof CoordinationUnavailableError) return { kind: 'refused' };
  if (error instanceof MarketoAuthError) return { kind: 'refused' };
  if (error instanceof MarketoApiError) {
    if (TOKEN_CODES.has(error.code) || REFUSED_CODES.has(error.code)) return { kind: 'refused' };
    if (MAYBE_RAN_CODES.has(error.code)) return { kind: 'maybe-ran' };
    return { kind: 'rejected', why: `${error.code}: ${error.marketoMessage}`, requestId: error.requestId };
  }
  // A deadline that cut an attempt short carries it as the cause: that attempt may have been in flight.
  if (
    error instanceof MarketoUnavailableError &&
    error.cause === undefined &&
    REFUSED_CODES.has(error.lastCode)
  ) {
    return { kind: 'refused' };
  }
  return { kind: 'maybe-ran' };
}

/** A job's message while the rolling call window has no room left for a chunk beside interactive use. */
export const CALL_BUDGET_WAIT = jobMessage('call_budget_wait');

/** The pauses of jobs after failures: until Marketo's quota reset, or a backoff that grows with each failure. */
export class JobPauses {
  /** Failures in a row per job, for the backoff. */
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly repo: PausableJobs,
    private readonly now: () => number,
    private readonly backoff: Backoff,
    /** What the quota message calls the job. */
    private readonly noun: 'import' | 'move' = 'import',
  ) {}

  /** Pauses a job after a failure (until Marketo's quota reset, or with a growing backoff); answers the end. */
  async pauseAfter(job: { id: string }, failure: CallFailure): Promise<number> {
    if (failure.kind === 'quota') {
      const until = failure.resetsAt.getTime();
      await this.repo.pause(job.id, until, jobMessage('quota_wait', { noun: this.noun, until }));
      return until;
    }
    const count = (this.failures.get(job.id) ?? 0) + 1;
    this.failures.set(job.id, count);
    const delay = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** (count - 1));
    const until = this.now() + delay;
    await this.repo.pause(job.id, until, jobMessage('marketo_unreachable_wait', { until }));
    return until;
  }

  /** The job got an answer (or ended): its next failure starts the backoff afresh. */
  forget(jobId: string): void {
    this.failures.delete(jobId);
  }
}
