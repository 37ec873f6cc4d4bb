// The wire under http.ts: one keep-alive undici `Pool` per Marketo base URL, and `exchange`, which sends one
// request and collects its whole answer as text. undici's `dispatch` skips what `fetch` (and ky over it) build for
// every call — WHATWG Request, Headers, web streams, cloned abort signals — about 0.2 ms of each proxied lead read
// (scripts/bench/proxy-overhead.ts), and what undici's own `request` adds: a body stream to read the text back
// out of (8 µs more per call).
import { EventEmitter } from 'node:events';
import { Pool, type Dispatcher } from 'undici';

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
  body?: string | Buffer;
  signal: AttemptSignal;
}

export interface Answer {
  status: number;
  text: string;
}

/**
 * Sends `exchange` and reads the answer's body to the end; rejects with the signal's reason once it aborts, body
 * read included. Errors are undici's, which name a code (`ECONNREFUSED`, `UND_ERR_SOCKET`) and never the URL.
 */
export async function exchange(
  http: MarketoHttp,
  { method, path, searchParams, headers, body, signal }: Exchange,
): Promise<Answer> {
  if (signal.aborted) throw signal.reason;
  // Paths are the client's own constants and numeric ids, so they need no resolving; query values get the same
  // form encoding `fetch` gave them.
  const query = searchParams ? new URLSearchParams(searchParams).toString() : '';
  return new Promise<Answer>((resolve, reject) => {
    http.pool.dispatch(
      {
        method,
        path: query ? `${http.basePath}/${path}?${query}` : `${http.basePath}/${path}`,
        headers,
        body,
      },
      new TextAnswer(signal, resolve, reject),
    );
  });
}

/** Collects one answer for `exchange`, and cancels the call (queued, sent or half read) when the signal aborts. */
class TextAnswer implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private readonly chunks: Buffer[] = [];
  private settled = false;

  constructor(
    private readonly signal: AttemptSignal,
    private readonly resolve: (answer: Answer) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    signal.once('abort', this.onAbort);
  }

  private readonly onAbort = (): void => {
    this.controller?.abort(this.signal.reason as Error);
    this.settle(() => this.reject(this.signal.reason));
  };

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Aborted while waiting in the pool's queue: already rejected, so only the call is left to cancel.
    if (this.settled) controller.abort(this.signal.reason as Error);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    // 1xx answers are interim; the final status follows.
    if (statusCode >= 200) this.status = statusCode;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    // Decoded as `fetch`'s `text()` did: UTF-8, a leading byte-order mark dropped.
    const text = Buffer.concat(this.chunks).toString('utf8');
    const answer = { status: this.status, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
    this.settle(() => this.resolve(answer));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.settle(() => this.reject(error));
  }

  private settle(then: () => void): void {
    if (this.settled) return;
    this.settled = true;
    this.signal.off('abort', this.onAbort);
    then();
  }
}
