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
  /** The base URL's path, without its trailing slash: usually `''`. */
  readonly basePath: string;
  readonly pool: Pool;
}

export function createMarketoHttp(baseUrl: string): MarketoHttp {
  const url = new URL(normalizeBaseUrl(baseUrl));
  // No connection cap of its own: the rate budget already bounds the calls in flight.
  return { basePath: normalizeBaseUrl(url.pathname), pool: new Pool(url.origin) };
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
 * read included. Errors are undici's, which name a code (`ECONNREFUSED`, `UND_ERR_SOCKET`) and never the URL.
 */
export async function exchange(
  http: MarketoHttp,
  { method, path, searchParams, headers, body, signal }: Exchange,
): Promise<{ status: number; text: string }> {
  // Paths are the client's own constants and numeric ids, so they need no resolving; query values get the same
  // form encoding `fetch` gave them.
  const query = searchParams ? new URLSearchParams(searchParams).toString() : '';
  const response = await http.pool.request({
    method,
    path: query ? `${http.basePath}/${path}?${query}` : `${http.basePath}/${path}`,
    headers,
    body,
    signal,
  });
  return { status: response.statusCode, text: await response.body.text() };
}
