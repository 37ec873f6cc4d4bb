// Runs one logical upstream request to a final answer: token attached, each 601/602 answered by a new token and
// an immediate resend (until `MAX_TOKEN_REFUSALS` fresh tokens in a row are refused), retryable failures
// retried with backoff within `maxAttempts`, all under an overall deadline.
import type { TokenTrust } from './token-trust';
import { MarketoApiError, MarketoAuthError, MarketoQuotaError, MarketoUnavailableError } from './errors';
import { sendOnce, type AttemptLimits, type MarketoHttp, type UpstreamRequest } from './http';
import type { AttemptObserver } from './observer';
import { nextQuotaReset } from './quota-reset';
import {
  acceptedToken,
  decide,
  describeFailure,
  failureCode,
  type Failure,
  type RetrySettings,
  UpstreamFailure,
} from './retry-policy';
import type { AccessTokens } from './token';
import type { Envelope } from './wire';

/** A pino-compatible subset. */
export interface MarketoLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RunnerDeps {
  http: MarketoHttp;
  tokens: AccessTokens;
  /** Shared by every request of one client: which tokens Marketo took, and how many fresh ones it refused. */
  trust: TokenTrust;
  limits: AttemptLimits;
  retry: RetrySettings;
  maxAttempts: number;
  deadlineMs: number;
  logger?: MarketoLogger;
  /** Told how every attempt came back, retried ones included (metrics, readiness). */
  onAttempt?: AttemptObserver;
}

/**
 * Fresh tokens refused (601/602) one after another, none taken in between, before a call gives up: the
 * credential itself is refused. Token refusals have their own bound, apart from `maxAttempts`: one injected or
 * real 602 expires the token under every request in flight, and each of those then pays a 601 that says nothing
 * about Marketo's health, so it must not eat the transient budget. Refusals of a token Marketo had taken (it
 * expired under calls in flight) or another caller already replaced do not extend the run; every call still
 * stops after `3 ×` this many token resends.
 */
export const MAX_TOKEN_REFUSALS = 3;
const MAX_TOKEN_SENDS = 3 * MAX_TOKEN_REFUSALS;

class DeadlineReached extends Error {
  override name = 'DeadlineReached';
}

/**
 * Resolves with the successful envelope, or throws `MarketoApiError` (final code), `MarketoQuotaError` (607),
 * `MarketoAuthError` (bad credentials) or `MarketoUnavailableError` (attempts, deadline or network exhausted).
 * Each 601/602 gets a new token and a resend without waiting; these sends do not count against `maxAttempts`
 * but against `MAX_TOKEN_REFUSALS`, so a token that is refused forever still ends, as a `MarketoApiError` with
 * Marketo's code.
 */
export async function runRequest(request: UpstreamRequest, deps: RunnerDeps): Promise<Envelope> {
  const deadline = new AbortController();
  const deadlineAt = Date.now() + deps.deadlineMs;
  const timer = setTimeout(() => deadline.abort(new DeadlineReached('deadline')), deps.deadlineMs);
  const { signal } = deadline;
  let attempts = 0;
  // Sends refused with 601/602; `attempts - tokenSends` is what the transient-retry budget has spent.
  let tokenSends = 0;
  let last: Failure | undefined;
  try {
    for (;;) {
      let token: string | undefined;
      let failure: Failure;
      try {
        const held = await deps.tokens.get(signal);
        attempts++;
        // A request may wait in the queue while another caller replaces the token: send the newest one.
        const pick = () => deps.tokens.peek() ?? held;
        const sent = await sendOnce(deps.http, deps.limits, request, pick, signal);
        token = sent.token;
        const outcome = sent.attempt.ok ? 'success' : failureCode(sent.attempt.failure);
        deps.onAttempt?.({ path: request.path, outcome });
        if (sent.attempt.ok || acceptedToken(sent.attempt.failure)) deps.trust.accept(token);
        if (sent.attempt.ok) return sent.attempt.envelope;
        failure = sent.attempt.failure;
      } catch (error) {
        if (!(error instanceof UpstreamFailure)) throw error;
        attempts++;
        failure = error.failure;
      }
      last = failure;
      const spent = attempts - tokenSends;
      const decision = decide(failure, spent, request.idempotent, deps.retry);
      const log = { path: request.path, code: failureCode(failure), attempt: attempts };
      switch (decision.action) {
        case 'refresh-token': {
          // Tokens also die under requests in flight (another caller's 602), so this call's own refusals are
          // not proof of a dead credential; the client-wide run of fresh tokens refused is. The hard cap on
          // this call's token resends keeps it from looping should tokens keep dying regardless.
          if (token === undefined) throw finalError(failure);
          tokenSends++;
          const run = (await deps.tokens.invalidate(token))
            ? deps.trust.refused(token)
            : deps.trust.refusalRun;
          if (run >= MAX_TOKEN_REFUSALS || tokenSends >= MAX_TOKEN_SENDS) throw finalError(failure);
          deps.logger?.debug(log, 'marketo token refused; refreshing it and resending');
          continue;
        }
        case 'quota':
          throw new MarketoQuotaError(nextQuotaReset(), requestIdOf(failure), messageOf(failure));
        case 'final':
          throw finalError(failure);
        case 'retry':
          if (spent >= deps.maxAttempts) throw exhausted(failure, `after ${attempts} attempts`);
          if (Date.now() + decision.delayMs >= deadlineAt) throw exhausted(failure, 'before the deadline');
          if (decision.holdOffMs !== undefined) deps.limits.budget.holdOff(decision.holdOffMs);
          deps.logger?.debug(
            { ...log, delayMs: Math.round(decision.delayMs) },
            'marketo call failed; retrying',
          );
          await sleep(decision.delayMs, signal);
      }
    }
  } catch (error) {
    const final =
      signal.aborted && !(error instanceof MarketoAuthError || error instanceof MarketoApiError)
        ? exhausted(last, 'before the deadline', error)
        : error;
    logFinal(deps.logger, request.path, attempts, final);
    throw final;
  } finally {
    clearTimeout(timer);
  }
}

/** Logs what the caller will see, with Marketo's requestId for support; never a token or secret. */
function logFinal(logger: MarketoLogger | undefined, path: string, attempts: number, error: unknown): void {
  if (!logger) return;
  if (error instanceof MarketoApiError) {
    logger.warn({ path, attempts, code: error.code, requestId: error.requestId }, 'marketo call failed');
  } else if (error instanceof MarketoQuotaError) {
    logger.warn(
      { path, requestId: error.requestId, resetsAt: error.resetsAt },
      'marketo daily quota used up',
    );
  } else if (error instanceof MarketoUnavailableError) {
    logger.warn({ path, attempts, code: error.lastCode, requestId: error.requestId }, 'marketo unavailable');
  } else if (error instanceof MarketoAuthError) {
    logger.error({ path }, 'marketo refused the client credentials');
  }
}

function finalError(failure: Failure): Error {
  if (failure.kind === 'marketo')
    return new MarketoApiError(failure.code, failure.message, failure.requestId);
  if (failure.kind === 'http' && failure.status < 500 && failure.status !== 429) {
    return new MarketoApiError(String(failure.status), `HTTP ${failure.status}`, undefined);
  }
  // A write that may or may not have run: say so rather than guess.
  return exhausted(failure, 'and the request was not resent, because it may have been applied');
}

function exhausted(failure: Failure | undefined, why: string, cause?: unknown): MarketoUnavailableError {
  const code = failure ? failureCode(failure) : 'deadline';
  const what = failure ? describeFailure(failure) : 'no answer';
  return new MarketoUnavailableError(
    code,
    `Marketo unavailable ${why} (last: ${what})`,
    requestIdOf(failure),
    {
      cause,
    },
  );
}

function requestIdOf(failure: Failure | undefined): string | undefined {
  return failure?.kind === 'marketo' || failure?.kind === 'invalid' ? failure.requestId : undefined;
}

function messageOf(failure: Failure): string | undefined {
  return failure.kind === 'marketo' ? failure.message : undefined;
}

async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
