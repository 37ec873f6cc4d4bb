// The wire under http.ts: one keep-alive undici `Pool` per Marketo base URL, and `exchange`, which sends one
// request and reads its whole answer as text. undici's `request` skips what `fetch` (and ky over it) build for
// every call — WHATWG Request, Headers, web streams, cloned abort signals — about 0.2 ms of each proxied lead read
// (scripts/bench/proxy-overhead.ts).
import { EventEmitter } from 'node:events';
import { Pool } from 'undici';

/** Strips trailing slashes, so `base + '/' + path` never holds `//`. */
export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** Where Marketo calls go: a pool of keep-alive connections to the base URL's origin. */
export interface MarketoHttp {
  /** The normalized base URL, path prefix included (`https://123-ABC-456.mktorest.com`). */
  readonly baseUrl: string;
  readonly pool: Pool;
}

export function createMarketoHttp(baseUrl: string): MarketoHttp {
  const normalized = normalizeBaseUrl(baseUrl);
  // No connection cap of its own: the rate budget already bounds the calls in flight.
  return { baseUrl: normalized, pool: new Pool(new URL(normalized).origin) };
}

/**
 * Cancels one attempt. undici takes an `EventEmitter` with `aborted` and `reason` as a signal; this one costs a
 * fraction of an `AbortController` plus `AbortSignal.any`, which Node builds as transferable objects.
 */
export class AttemptSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

export interface Exchange {
  method: 'GET' | 'POST';
  /** Relative to the base URL, without a leading slash. */
  path: string;
  searchParams?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
  signal: AttemptSignal;
}

/**
 * Sends `exchange` and reads the answer's body to the end; rejects with the signal's reason once it aborts, body
 * read included. The URL is resolved as `fetch` would (dot segments, percent-encoding), and errors are undici's,
 * which name a code (`ECONNREFUSED`, `UND_ERR_SOCKET`) and never the URL.
 */
export async function exchange(
  http: MarketoHttp,
  { method, path, searchParams, headers, body, signal }: Exchange,
): Promise<{ status: number; text: string }> {
  const url = new URL(`${http.baseUrl}/${path}`);
  if (searchParams) url.search = new URLSearchParams(searchParams).toString();
  const response = await http.pool.request({
    method,
    path: url.pathname + url.search,
    headers,
    body,
    signal,
  });
  return { status: response.statusCode, text: await response.body.text() };
}
