// What a REST route handler sees, and the body decoding rules shared by the write endpoints.
import type { IncomingMessage } from 'node:http';
import { MarketoApiError, apiError } from './envelope';
import { MAX_BATCH } from './fields';
import { type EmulatorReply, decodeUtf8 } from './http-io';
import type { EmulatorState } from './state';

export interface RestRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Named groups of the route pattern, e.g. `leadId`. */
  readonly params: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Media type of the body, lower case, without parameters; '' when absent. */
  readonly mediaType: string;
  readonly state: EmulatorState;
  /** The request itself: headers, and the unread body of a route that streams it (Bulk Import's file). */
  readonly raw: IncomingMessage;
}

export interface RestResult {
  /** Left out only by calls whose answer has none (Get Paging Token, docs/marketo-api-additions.md §15.2). */
  result?: unknown[];
  moreResult?: boolean;
  nextPageToken?: string;
  /** A whole reply instead of the JSON envelope (bulk files are CSV), with its error code when it is one. */
  reply?: EmulatorReply;
  code?: string;
}

export type RestHandler = (req: RestRequest) => RestResult | Promise<RestResult>;

/** Parses a JSON object body: wrong content type → 612; bad bytes or bad JSON → 609 (docs/marketo-api.md §1, §10). */
export function jsonObjectBody(req: RestRequest): Record<string, unknown> {
  if (req.mediaType !== 'application/json') throw apiError('612');
  const text = decodeUtf8(req.body);
  if (text === undefined) throw apiError('609');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw apiError('609');
  }
  // Marketo binds the body to a request class; anything but an object cannot bind, which it reports as 609.
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw apiError('609');
  return parsed as Record<string, unknown>;
}

export function formBody(req: RestRequest): URLSearchParams | undefined {
  if (req.mediaType !== 'application/x-www-form-urlencoded') return undefined;
  const text = decodeUtf8(req.body);
  if (text === undefined) throw apiError('609');
  return new URLSearchParams(text);
}

/**
 * The `input` array of a batch write: missing or empty → 1003 "… not specified" (seen on the wire for leads);
 * not an array of objects → 609 (it cannot bind); over 300 records → 1003 (message is a guess, docs/marketo-api.md §14.7).
 */
export function inputRecords(body: Record<string, unknown>, noun: string): Record<string, unknown>[] {
  const input = body.input;
  if (input === undefined || input === null || (Array.isArray(input) && input.length === 0)) {
    throw new MarketoApiError('1003', `${noun} not specified`);
  }
  if (!Array.isArray(input)) throw apiError('609');
  if (input.length > MAX_BATCH) {
    throw new MarketoApiError('1003', `Too many ${noun.toLowerCase()}, max ${MAX_BATCH} allowed`);
  }
  for (const item of input) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw apiError('609');
  }
  return input as Record<string, unknown>[];
}

/** A comma-separated list parameter; repeated parameters (`fields=a&fields=b`) are accepted too. */
export function listParam(params: URLSearchParams, name: string): string[] | undefined {
  const all = params.getAll(name);
  if (all.length === 0) return undefined;
  return all
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}
