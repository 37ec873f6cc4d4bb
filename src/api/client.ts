import ky, { TimeoutError } from 'ky';
import type { Options } from 'ky';
import { ZodError } from 'zod';
import type { z } from 'zod';
import { CSRF_HEADER } from '../../server/contract/access';
import { ApiError, apiErrorFromResponse, isApiError } from './api-error';
import { sendOnce } from './submit-key';

// An absolute prefix: relative URLs do not parse outside a real browser (tests run fetch in Node).
const prefixUrl = new URL('/api/', globalThis.location.origin).href;

// The session's CSRF token; the cookie rides along by itself, but every write must also prove it came from
// this page. Kept here, not in React state, because the client is a module and the token outlives renders.
let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The proxy answers a repeat of this key and body with its first answer (server/http/idempotency.ts); when a
 * write repeats its key is decided in submit-key.ts.
 */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** The single HTTP client for the proxy. TanStack Query owns retries, so ky never retries. */
export const api = ky.create({
  prefixUrl,
  timeout: 30_000,
  retry: 0,
  hooks: {
    beforeRequest: [
      (request) => {
        if (csrfToken && !SAFE_METHODS.has(request.method)) request.headers.set(CSRF_HEADER, csrfToken);
      },
    ],
    afterResponse: [
      async (_request, _options, response) => {
        if (!response.ok) throw await apiErrorFromResponse(response);
      },
    ],
  },
});

function normalise(error: unknown): ApiError {
  if (isApiError(error)) return error;
  if (error instanceof TimeoutError) {
    return new ApiError('timeout', 'The request took too long', { cause: error });
  }
  if (error instanceof ZodError) {
    return new ApiError('invalid_response', 'The server sent an answer the console does not understand', {
      cause: error,
    });
  }
  return new ApiError('network', 'The console could not reach its server', { cause: error });
}

/** Calls the proxy and checks the answer against the shared contract schema. */
export async function requestJson<S extends z.ZodType>(
  path: string,
  schema: S,
  options: Options = {},
): Promise<z.output<S>> {
  try {
    const body: unknown = await api(path, options).json();
    return schema.parse(body);
  } catch (error) {
    throw normalise(error);
  }
}

/** For calls that answer 204 No Content. */
export async function requestVoid(path: string, options: Options = {}): Promise<void> {
  try {
    await api(path, options);
  } catch (error) {
    throw normalise(error);
  }
}

/**
 * A write that Marketo must not get twice: see submit-key.ts for when its `Idempotency-Key` is reused.
 * `options.json` is the body; `path` and body together tell one logical submit from the next.
 */
export async function requestJsonOnce<S extends z.ZodType>(
  path: string,
  schema: S,
  options: Omit<Options, 'headers'> & { json: unknown },
): Promise<z.output<S>> {
  return sendOnce(path, options.json, (key) =>
    requestJson(path, schema, { ...options, headers: { [IDEMPOTENCY_HEADER]: key } }),
  );
}
