// The one HTTP instance that talks to Marketo: every attempt (API call or identity call) passes through the
// rate budget, gets its own timeout, and comes back as an answer or a classified `Failure`. Retrying is the
// runner's job (request-runner.ts), so ky itself never retries.
import ky, { type KyInstance } from 'ky';
import type { RateBudget } from './rate-budget';
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
}

export type Attempt = { ok: true; envelope: Envelope } | { ok: false; failure: Failure };

class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
}

/** Strips trailing slashes, so `prefixUrl + path` never holds `//`. */
export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/**
 * A ky instance whose every attempt waits for the rate budget, then runs under `timeoutMs` and reads the whole
 * body inside its slot (Marketo counts a call as concurrent until its answer is complete).
 */
export function createMarketoHttp(baseUrl: string, budget: RateBudget, timeoutMs: number): KyInstance {
  const budgetedFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const outer = input instanceof Request ? input.signal : (init?.signal ?? undefined);
    return budget.run(async () => {
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new AttemptTimeout('attempt timed out')), timeoutMs);
      const signal = outer ? AbortSignal.any([outer, timeout.signal]) : timeout.signal;
      try {
        const response = await fetch(input, { ...init, signal });
        const body = await response.arrayBuffer();
        return new Response(body, { status: response.status, headers: response.headers });
      } finally {
        clearTimeout(timer);
      }
    }, outer);
  };
  return ky.create({
    prefixUrl: normalizeBaseUrl(baseUrl),
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    fetch: budgetedFetch,
    headers: { accept: 'application/json' },
  });
}

/** One attempt of `request` with `token` in the `Authorization` header (never in the query). */
export async function sendOnce(
  http: KyInstance,
  request: UpstreamRequest,
  token: string,
  signal: AbortSignal,
): Promise<Attempt> {
  let response: Response;
  try {
    response = await http(request.path, {
      method: request.method,
      searchParams: request.searchParams,
      json: request.json,
      body: request.form,
      signal,
      headers: { authorization: `Bearer ${token}` },
    });
  } catch (error) {
    if (signal.aborted) throw error;
    return { ok: false, failure: { kind: 'network', detail: networkDetail(error) } };
  }
  if (response.status !== 200) return { ok: false, failure: { kind: 'http', status: response.status } };
  const parsed = EnvelopeSchema.safeParse(await readJson(response));
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
 * One identity call. Resolves with the grant; throws `MarketoAuthError` for refused credentials and
 * `UpstreamFailure` for anything worth retrying. Errors never include the URL, whose query holds the secret.
 */
export async function fetchToken(
  http: KyInstance,
  clientId: string,
  clientSecret: string,
): Promise<TokenGrant> {
  let response: Response;
  try {
    response = await http('identity/oauth/token', {
      searchParams: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    });
  } catch (error) {
    throw new UpstreamFailure({ kind: 'network', detail: networkDetail(error) });
  }
  const body = await readJson(response);
  if (response.status === 401 || response.status === 403) {
    const oauth = IdentityErrorSchema.safeParse(body);
    throw new MarketoAuthError(oauth.success ? oauth.data.error : undefined);
  }
  if (response.status !== 200) throw new UpstreamFailure({ kind: 'http', status: response.status });
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
