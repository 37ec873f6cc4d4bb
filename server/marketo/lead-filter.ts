// Get Leads by Filter Type (docs/marketo-api.md §7): values split by 300, pages followed via nextPageToken, and queries too
// long for a URL sent as POST with `_method=GET` and a form body.
import { chunk, MAX_BATCH_RECORDS } from './batching';
import { MarketoUnavailableError } from './errors';
import type { UpstreamRequest } from './http';
import type { Envelope } from './wire';

/** Marketo answers 414 above 8 KB of URI; stay well below it. */
export const MAX_GET_URL_LENGTH = 7_000;
const PATH = 'rest/v1/leads.json';
// 1,000 matches is Marketo's cap per filter (more → 1003), i.e. 4 pages of 300; this only stops a runaway loop.
const MAX_PAGES = 50;

type Call = (request: UpstreamRequest) => Promise<Envelope>;

/**
 * The upstream request for one page: a GET when its URL fits in `MAX_GET_URL_LENGTH`, otherwise
 * `POST …?_method=GET` with the parameters as `application/x-www-form-urlencoded`.
 */
export function filterPageRequest(baseUrl: string, params: Record<string, string>): UpstreamRequest {
  const query = new URLSearchParams(params);
  if (`${baseUrl}/${PATH}?${query.toString()}`.length <= MAX_GET_URL_LENGTH) {
    return { method: 'GET', path: PATH, searchParams: params, idempotent: true };
  }
  return { method: 'POST', path: PATH, searchParams: { _method: 'GET' }, form: query, idempotent: true };
}

/**
 * Every lead matching any of `values` (duplicates removed, each lead once, in the order Marketo returned them
 * per group of 300 values). Throws a `RangeError` before any call if a value contains a comma: Marketo's
 * `filterValues` list has no escaping, so `x,a@b.com` would silently become two values and match a lead the
 * caller never asked for. A caller's input error, like a non-positive lead id, hence not a `MarketoError`.
 */
export async function readLeadsByFilter(
  call: Call,
  baseUrl: string,
  filterType: string,
  values: readonly string[],
  fields?: readonly string[],
): Promise<unknown[]> {
  // The position, not the value: values are often email addresses, which do not belong in error logs.
  const withComma = values.findIndex((value) => value.includes(','));
  if (withComma >= 0) {
    throw new RangeError(
      `Filter value ${withComma + 1} of ${values.length} contains a comma, which Marketo's filterValues list cannot carry`,
    );
  }
  const unique = [...new Set(values)];
  const groups = chunk(unique, MAX_BATCH_RECORDS);
  const pages = await Promise.all(
    groups.map((group) => readAllPages(call, baseUrl, filterType, group, fields)),
  );
  const seen = new Set<unknown>();
  const leads: unknown[] = [];
  for (const record of pages.flat()) {
    const id = (record as { id?: unknown } | null)?.id;
    if (id !== undefined && seen.has(id)) continue;
    seen.add(id);
    leads.push(record);
  }
  return leads;
}

async function readAllPages(
  call: Call,
  baseUrl: string,
  filterType: string,
  group: readonly string[],
  fields?: readonly string[],
): Promise<unknown[]> {
  const params: Record<string, string> = {
    filterType,
    filterValues: group.join(','),
    batchSize: String(MAX_BATCH_RECORDS),
  };
  if (fields && fields.length > 0) params.fields = fields.join(',');
  const records: unknown[] = [];
  let nextPageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const pageParams = nextPageToken ? { ...params, nextPageToken } : params;
    const envelope = await call(filterPageRequest(baseUrl, pageParams));
    const result = envelope.result ?? [];
    records.push(...result);
    if (envelope.moreResult !== true || !envelope.nextPageToken || result.length === 0) return records;
    nextPageToken = envelope.nextPageToken;
  }
  throw new MarketoUnavailableError('invalid_response', `Marketo kept paging after ${MAX_PAGES} pages`);
}
