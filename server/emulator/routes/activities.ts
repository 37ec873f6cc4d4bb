// Get Activity Types, Get Paging Token and Get Lead Activities (docs/marketo-api-additions.md §15). A paging token is a
// position in the activity log: the last activity before `sinceDatetime`, then the last one a page has read.
import { activityTypeId, activityTypes, kindsOf } from '../activity-types';
import { MarketoApiError } from '../envelope';
import { MAX_BATCH } from '../fields';
import { decodePageToken, encodePageToken, queryFingerprint } from '../page-token';
import { type RestRequest, type RestResult, listParam } from '../rest-request';
import type { ActivityRow } from '../store/activity-log';
import { invalidValue } from '../values';
import { isoSeconds } from './partitions';

/** Adobe's limits on one Get Lead Activities call (docs/marketo-api-additions.md §15.3). */
export const MAX_ACTIVITY_TYPE_IDS = 10;
export const MAX_ACTIVITY_LEAD_IDS = 30;

// Activity tokens are not tied to a query: one token may be read with any activity types and leads.
const TOKEN_PRINT = queryFingerprint(['activities']);
const DATETIME = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function listActivityTypes(req: RestRequest): RestResult {
  return { result: activityTypes(req.state.config) };
}

/** A datetime as Marketo reads it; without an offset it is taken as UTC (unconfirmed, docs/marketo-api-additions.md §15.2). */
function parseDatetime(raw: string): number | undefined {
  const m = DATETIME.exec(raw);
  if (!m) return undefined;
  const [, date, time = 'T00:00:00', zone = 'Z'] = m;
  const offset = zone === 'Z' ? zone : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${date}${time.length === 6 ? `${time}:00` : time}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

export function activitiesPagingToken(req: RestRequest): RestResult {
  const raw = req.query.get('sinceDatetime');
  if (raw === null || raw === '') throw new MarketoApiError('1003', 'sinceDatetime not specified');
  const since = parseDatetime(raw);
  if (since === undefined) throw new MarketoApiError('1001', invalidValue(raw, 'datetime'));
  const position = req.state.db.activities.lastIdBefore(isoSeconds(since));
  return { nextPageToken: encodePageToken(position, TOKEN_PRINT) };
}

function integerList(req: RestRequest, name: string, max: number, noun: string): number[] | undefined {
  const values = listParam(req.query, name);
  if (values === undefined) return undefined;
  const ids = values.map((v) => {
    if (!/^\d{1,18}$/.test(v)) throw new MarketoApiError('1001', invalidValue(v, 'integer'));
    return Number(v);
  });
  if (ids.length > max) throw new MarketoApiError('1003', `Too many ${noun}, max ${max} allowed`);
  return ids;
}

function batchSize(raw: string | null): number {
  if (raw === null || raw === '') return MAX_BATCH;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new MarketoApiError('1001', invalidValue(raw, 'integer'));
  return Math.min(Number(raw), MAX_BATCH);
}

export function leadActivities(req: RestRequest): RestResult {
  const { query, state } = req;
  const token = query.get('nextPageToken');
  if (token === null || token === '') throw new MarketoApiError('1003', 'nextPageToken not specified');
  const afterId = decodePageToken(token, TOKEN_PRINT);
  if (afterId === undefined) throw new MarketoApiError('1003', 'Invalid nextPageToken');
  const typeIds = integerList(req, 'activityTypeIds', MAX_ACTIVITY_TYPE_IDS, 'activity type ids');
  if (!typeIds || typeIds.length === 0) throw new MarketoApiError('1003', 'activityTypeIds not specified');
  const leadIds = integerList(req, 'leadIds', MAX_ACTIVITY_LEAD_IDS, 'lead ids');
  const size = batchSize(query.get('batchSize'));
  // One row more than the page tells whether another page exists.
  const rows = state.db.activities.page({
    afterId,
    kinds: kindsOf(state.config, typeIds),
    leadIds: leadIds && leadIds.length > 0 ? leadIds : undefined,
    deniedPartitionIds: state.config.deniedPartitionIds,
    limit: size + 1,
  });
  const page = rows.slice(0, size);
  const moreResult = rows.length > size;
  // The last page's token points past everything read so far, so a later call returns only newer activities.
  const position = moreResult ? page[page.length - 1]!.id : Math.max(afterId, state.db.activities.lastId());
  return {
    result: page.map((row) => activityView(req, row)),
    moreResult,
    nextPageToken: encodePageToken(position, TOKEN_PRINT),
  };
}

function activityView(req: RestRequest, row: ActivityRow): object {
  return {
    id: row.id,
    marketoGUID: String(row.id),
    leadId: row.leadId,
    activityDate: row.activityDate,
    activityTypeId: activityTypeId(req.state.config, row.kind),
    primaryAttributeValueId: row.primaryAttributeValueId,
    primaryAttributeValue: row.primaryAttributeValue,
    attributes: row.attributes,
  };
}
