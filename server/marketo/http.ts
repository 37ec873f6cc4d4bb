// The one HTTP client that talks to Marketo. Every attempt (API call or identity call) waits for the rate
// budget, gets its own timeout, and comes back as an answer or a classified `Failure`; retrying is the runner's
// job (request-runner.ts), so nothing here retries. The budget wraps each attempt rather than the send itself
// so the token can be chosen once the attempt leaves the queue.
import type { CallPriority, RateBudget } from './rate-budget';
import { type Failure, UpstreamFailure } from './retry-policy';
import { EnvelopeSchema, IdentityErrorSchema, IdentityTokenSchema, type Envelope } from './wire';
import { MarketoAuthError } from './errors';
import type { TokenGrant } from './token';
import { AttemptSignal, exchange, type MarketoHttp } from './http-transport';

export { createMarketoHttp, normalizeBaseUrl, type MarketoHttp } from './http-transport';

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Relative to the base URL, without a leading slash (so no `//` is ever built). */
  path: string;
  searchParams?: Record<string, string>;
  json?: unknown;
  /** `application/x-www-form-urlencoded` body (the `_method=GET` form). */
  form?: URLSearchParams;
  /** A raw body with its own content type (Bulk Import's `multipart/form-data` upload). */
  upload?: { contentType: string; body: Buffer };
  /**
   * `file`: a 200 answer that is not a JSON envelope is the file asked for (Bulk Import's failures and warnings
   * CSV), handed back as the envelope's one result; an envelope is read as usual (Marketo's errors come as one).
   */
  answer?: 'envelope' | 'file';
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

/**
 * Runs `attempt` once the rate budget allows, under `timeoutMs` counted from the moment it is sent, body read
 * included (Marketo counts a call as concurrent until its answer is complete). Rejects with `outer`'s reason if
 * that aborts first, also while still queued.
 */
async function budgeted<T>(
  limits: AttemptLimits,
  outer: AbortSignal | undefined,
  attempt: (signal: AttemptSignal) => Promise<T>,
  priority: CallPriority = 'ordinary',
): Promise<T> {
  return limits.budget.run(
    async () => {
      const signal = new AttemptSignal();
      const timer = setTimeout(() => signal.abort(new AttemptTimeout('attempt timed out')), limits.timeoutMs);
      const onOuterAbort = () => signal.abort(outer?.reason);
      if (outer?.aborted) onOuterAbort();
      else outer?.addEventListener('abort', onOuterAbort, { once: true });
      try {
        return await attempt(signal);
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onOuterAbort);
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
  http: MarketoHttp,
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
      let text: string;
      try {
        const answer = await exchange(http, {
          method: request.method,
          path: request.path,
          searchParams: request.searchParams,
          headers: {
            ...bodyHeaders(request),
            accept: request.answer === 'file' ? `text/csv, ${JSON_TYPE}` : JSON_TYPE,
            authorization: `Bearer ${token}`,
          },
          body: bodyText(request),
          signal,
        });
        status = answer.status;
        body = parseJson(answer.text);
        text = answer.text;
      } catch (error) {
        if (outer.aborted) throw error;
        return { token, attempt: { ok: false, failure: { kind: 'network', detail: networkDetail(error) } } };
      }
      if (request.answer === 'file' && status === 200 && !EnvelopeSchema.safeParse(body).success) {
        return { token, attempt: { ok: true, envelope: { success: true, result: [text] } } };
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
  http: MarketoHttp,
  limits: AttemptLimits,
  clientId: string,
  clientSecret: string,
): Promise<TokenGrant> {
  const { status, body } = await budgeted(
    limits,
    undefined,
    async (signal) => {
      try {
        const answer = await exchange(http, {
          method: 'GET',
          path: 'identity/oauth/token',
          searchParams: {
            grant_type: 'client_credentials',
            client_id: clientId,
            client_secret: clientSecret,
          },
          headers: { accept: JSON_TYPE },
          signal,
        });
        return { status: answer.status, body: parseJson(answer.text) };
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

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';

function bodyHeaders(request: UpstreamRequest): Record<string, string> {
  if (request.upload) return { 'content-type': request.upload.contentType };
  if (request.form) return { 'content-type': FORM_TYPE };
  if (request.json !== undefined) return { 'content-type': JSON_TYPE };
  return {};
}

function bodyText(request: UpstreamRequest): string | Buffer | undefined {
  if (request.upload) return request.upload.body;
  if (request.form) return request.form.toString();
  return request.json === undefined ? undefined : JSON.stringify(request.json);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A short, URL-free description of a failed send: undici's error code (`ECONNREFUSED`, `UND_ERR_SOCKET`). */
function networkDetail(error: unknown): string {
  if (error instanceof AttemptTimeout) return 'timed out';
  if (error instanceof Error) {
    const { code } = error as { code?: unknown };
    return typeof code === 'string' ? code : error.name;
  }
  return 'unknown';
}
