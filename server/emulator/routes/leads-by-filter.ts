// `GET /rest/v1/leads.json` — Get Leads by Filter Type (docs/marketo-api.md §7), also reached by `POST …?_method=GET`.
import { MarketoApiError } from '../envelope';
import { type FieldDef, MAX_BATCH, findField } from '../fields';
import { leadView, readFields } from '../lead-view';
import { decodePageToken, encodePageToken, queryFingerprint } from '../page-token';
import { type RestRequest, type RestResult, listParam } from '../rest-request';
import { invalidValue } from '../values';

const MAX_MATCHES = 1000;
const COOKIE = /^id:\d{3}-[A-Z]{3}-\d{3}&token:_mch-[\w.-]+$/;

function filterField(filterType: string | null): FieldDef | 'cookies' {
  if (!filterType) throw new MarketoApiError('1003', 'filterType not specified');
  if (filterType === 'cookies') return 'cookies';
  const field = findField(filterType);
  if (!field) throw new MarketoApiError('1006', `Field '${filterType}' not found`);
  if (!field.searchable) throw new MarketoApiError('1011', `Field '${filterType}' not supported`);
  return field;
}

function typedValues(field: FieldDef, values: string[]): (string | number)[] {
  if (!['integer', 'reference'].includes(field.dataType)) return values;
  return values.map((v) => {
    if (!/^-?\d{1,18}$/.test(v)) throw new MarketoApiError('1001', invalidValue(v, 'integer'));
    return Number(v);
  });
}

/** `batchSize`: default and max 300; not a positive integer → 1001. */
export function batchSize(raw: string | null): number {
  if (raw === null || raw === '') return MAX_BATCH;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new MarketoApiError('1001', invalidValue(raw, 'integer'));
  return Math.min(Number(raw), MAX_BATCH);
}

/** Where a `nextPageToken` issued for the same query points; another token → 1003. */
export function pageOffset(token: string | null, print: string): number {
  if (token === null || token === '') return 0;
  const offset = decodePageToken(token, print);
  if (offset === undefined) throw new MarketoApiError('1003', 'Invalid nextPageToken');
  return offset;
}

export function leadsByFilter(req: RestRequest): RestResult {
  const { query, state } = req;
  const filterType = query.get('filterType');
  const field = filterField(filterType);
  const values = listParam(query, 'filterValues') ?? [];
  if (values.length === 0) throw new MarketoApiError('1003', 'filterValues not specified');
  if (values.length > MAX_BATCH)
    throw new MarketoApiError('1003', `Too many filter values, max ${MAX_BATCH} allowed`);
  const fields = readFields(listParam(query, 'fields'));
  const size = batchSize(query.get('batchSize'));
  const print = queryFingerprint([filterType ?? '', ...values]);
  const offset = pageOffset(query.get('nextPageToken'), print);

  if (field === 'cookies') {
    const bad = values.find((v) => !COOKIE.test(v));
    if (bad !== undefined) throw new MarketoApiError('1012', `Invalid cookie value '${bad}'`);
    // The emulator records no web activity, so a well-formed cookie never matches a lead.
    return { result: [] };
  }
  const denied = new Set(state.config.deniedPartitionIds);
  const matches = state.db
    .findBy(
      field.name,
      typedValues(field, values),
      field.dataType === 'email',
      state.config.filterLookupMatch,
    )
    .filter((lead) => !denied.has(lead.partitionId));
  // Placement (response-level) is unconfirmed (docs/marketo-api.md §14.7).
  if (matches.length > MAX_MATCHES) throw new MarketoApiError('1003', 'Too many results match the filter');
  const page = matches.slice(offset, offset + size).map((lead) => leadView(lead, fields));
  if (offset + size < matches.length) {
    return { result: page, moreResult: true, nextPageToken: encodePageToken(offset + size, print) };
  }
  return { result: page };
}
