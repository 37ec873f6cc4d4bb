// The one HTTP instance that talks to Marketo. Every attempt (API call or identity call) waits for the rate
// budget, gets its own timeout, and comes back as an answer or a classified `Failure`; retrying is the runner's
// job (request-runner.ts), so ky itself never retries. The budget wraps each attempt rather than ky's `fetch`
// so the token can be chosen once the attempt leaves the queue.
import ky, { type KyInstance } from 'ky';
import type { CallPriority, RateBudget } from './rate-budget';
import { type Failure, UpstreamFailure } from './retry-policy';
import { EnvelopeSchema, IdentityErrorSchema, IdentityTokenSchema, type Envelope } from './wire';
import { MarketoAuthError } from './errors';
import type { TokenGrant } from './token';

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Relative to the base URL, without a leading slash (so no `//` is ever built). */
  path: string;
  searchParams?: Record<string, string>;
  json?: unknown;
  /** `application/x-www-form-urlencoded` body (the `_method=GET` form). */
  form?: URLSearchParams;
  /** Whether resending after an ambiguous failure is harmless. */
  idempotent: boolean;
  /** `background` waits behind every queued ordinary call (bulk imports); default `ordinary`. */
  priority?: Exclude<CallPriority, 'urgent'>;
}

export type Attempt = { ok: true; envelope: Envelope } | { ok: false; failure: Failure };

/** What every attempt runs under: the shared rate budget and a per-attempt timeout. */
export interface AttemptLimits {
  budget: RateBudget;
  timeoutMs: number;
}

class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
}

/** Strips trailing slashes, so `prefixUrl + path` never holds `//`. */
export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** The ky instance for Marketo: base URL, JSON accept header, and no retries or errors of its own. */
export function createMarketoHttp(baseUrl: string): KyInstance {
  return ky.create({
    prefixUrl: normalizeBaseUrl(baseUrl),
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    headers: { accept: 'application/json' },
  });
}

/**
 * Runs `attempt` once the rate budget allows, under `timeoutMs` counted from the moment it is sent, body read
 * included (Marketo counts a call as concurrent until its answer is complete). Rejects with `outer`'s reason if
 * that aborts first, also while still queued.
 */
async function budgeted<T>(
  limits: AttemptLimits,
  outer: AbortSignal | undefined,
  attempt: (signal: AbortSignal) => Promise<T>,
  priority: CallPriority = 'ordinary',
): Promise<T> {
  return limits.budget.run(
    async () => {
      const timeout = new AbortController();
      const timer = setTimeout(
        () => timeout.abort(new AttemptTimeout('attempt timed out')),
        limits.timeoutMs,
      );
      try {
        return await attempt(outer ? AbortSignal.any([outer, timeout.signal]) : timeout.signal);
      } finally {
        clearTimeout(timer);
      }
    },
    outer,
    priority,
  );
}

/**
 * One attempt of `request`. `pickToken` is asked for the token at the moment of sending, after any wait in the
 * queue, so a token replaced meanwhile (another caller's 601/602) is not sent; the token is put in the
 * `Authorization` header only, never in the query. Resolves with the answer and the token actually sent.
 */
export async function sendOnce(
  http: KyInstance,
  limits: AttemptLimits,
  request: UpstreamRequest,
  pickToken: () => string,
  outer: AbortSignal,
): Promise<{ attempt: Attempt; token: string }> {
  return budgeted(
    limits,
    outer,
    async (signal) => {
      const token = pickToken();
      let status: number;
      let body: unknown;
      try {
        const response = await http(request.path, {
          method: request.method,
          searchParams: request.searchParams,
          json: request.json,
          body: request.form,
          signal,
          headers: { authorization: `Bearer ${token}` },
        });
        status = response.status;
        body = await readJson(response);
      } catch (error) {
        if (outer.aborted) throw error;
        return { token, attempt: { ok: false, failure: { kind: 'network', detail: networkDetail(error) } } };
      }
      return { token, attempt: toAttempt(status, body) };
    },
    request.priority,
  );
}

function toAttempt(status: number, body: unknown): Attempt {
  if (status !== 200) return { ok: false, failure: { kind: 'http', status } };
  const parsed = EnvelopeSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      failure: { kind: 'invalid', detail: 'not a Marketo envelope', requestId: undefined },
    };
  }
  const envelope = parsed.data;
  if (envelope.success) return { ok: true, envelope };
  const first = envelope.errors?.[0];
  return {
    ok: false,
    failure: first
      ? { kind: 'marketo', code: first.code, message: first.message, requestId: envelope.requestId }
      : { kind: 'invalid', detail: 'success:false without errors', requestId: envelope.requestId },
  };
}

/**
 * One identity call, through the same budget but ahead of queued API calls. Resolves with the grant; throws
 * `MarketoAuthError` for refused credentials and `UpstreamFailure` for anything worth retrying. Errors never
 * include the URL, whose query holds the secret.
 */
export async function fetchToken(
  http: KyInstance,
  limits: AttemptLimits,
  clientId: string,
  clientSecret: string,
): Promise<TokenGrant> {
  const { status, body } = await budgeted(
    limits,
    undefined,
    async (signal) => {
      try {
        const response = await http('identity/oauth/token', {
          searchParams: {
            grant_type: 'client_credentials',
            client_id: clientId,
            client_secret: clientSecret,
          },
          signal,
        });
        return { status: response.status, body: await readJson(response) };
      } catch (error) {
        throw new UpstreamFailure({ kind: 'network', detail: networkDetail(error) });
      }
      // Urgent: after a 602 every queued request waits on this token. Queued behind them, each would leave the
      // queue with the dead token and spend a call on a 601 before the new token could even be asked for.
    },
    'urgent',
  );
  if (status === 401 || status === 403) {
    const oauth = IdentityErrorSchema.safeParse(body);
    throw new MarketoAuthError(oauth.success ? oauth.data.error : undefined);
  }
  if (status !== 200) throw new UpstreamFailure({ kind: 'http', status });
  const grant = IdentityTokenSchema.safeParse(body);
  if (!grant.success) {
    throw new UpstreamFailure({
      kind: 'invalid',
      detail: 'identity answer without a token',
      requestId: undefined,
    });
  }
  return { accessToken: grant.data.access_token, expiresInSeconds: grant.data.expires_in };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return undefined;
  }
}

/** A short, URL-free description of a fetch failure (undici puts the reason in `cause.code`). */
function networkDetail(error: unknown): string {
  if (error instanceof AttemptTimeout) return 'timed out';
  if (error instanceof Error) {
    const cause = error.cause as { code?: unknown } | undefined;
    if (cause instanceof AttemptTimeout) return 'timed out';
    if (typeof cause?.code === 'string') return cause.code;
    return error.name;
  }
  return 'unknown';
}
