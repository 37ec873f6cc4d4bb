import ky, { TimeoutError } from 'ky';
import type { Options } from 'ky';
import { ZodError } from 'zod';
import type { z } from 'zod';
import { CSRF_HEADER } from '../../server/contract/access';
import { ApiError, apiErrorFromResponse, isApiError } from './api-error';

// An absolute prefix: relative URLs do not parse outside a real browser (tests run fetch in Node).
const prefixUrl = new URL('/api/', globalThis.location.origin).href;

// The session's CSRF token; the cookie rides along by itself, but every write must also prove it came from
// this page. Kept here, not in React state, because the client is a module and the token outlives renders.
let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The proxy answers a repeat of this key with the first answer (server/http/idempotency.ts). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

// One key per logical submit. A mutation hands the same variables object to each of its retries, and a new
// object to each new submit, so the object is the submit.
const submitKeys = new WeakMap<object, string>();

// randomUUID exists only in secure contexts; a console served over plain http to a LAN name has not got it.
function randomKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The `Idempotency-Key` header for this submit: fresh for a new one, the same for its retries. */
export function idempotencyHeaders(submit: object): Record<string, string> {
  let key = submitKeys.get(submit);
  if (key === undefined) {
    key = randomKey();
    submitKeys.set(submit, key);
  }
  return { [IDEMPOTENCY_HEADER]: key };
}

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
