// Get Activity Types, Get Paging Token and Get Lead Activities (docs/marketo-api-additions.md §15) over the client's request
// path, so every call is budgeted, token-managed and retried like the lead calls.
import { z } from 'zod';
import { MarketoUnavailableError } from './errors';
import type { UpstreamRequest } from './http';
import type { LeadActivities, LeadActivitiesQuery, MarketoActivity, MarketoActivityType } from './types';
import { parseResult, type Envelope } from './wire';

type Call = (request: UpstreamRequest) => Promise<Envelope>;

/** Adobe's limits on one Get Lead Activities call (docs/marketo-api-additions.md §15.3). */
export const MAX_ACTIVITY_TYPE_IDS = 10;
export const MAX_ACTIVITY_LEAD_IDS = 30;
const BATCH_SIZE = 300;
/**
 * Marketo scans its log in blocks and may answer many short or empty pages with `moreResult` (docs/marketo-api-additions.md §15.3); each page is
 * a budgeted call, so one read stops here and says it is incomplete rather than drain the budget.
 */
export const DEFAULT_MAX_ACTIVITY_PAGES = 20;

const ActivityTypeSchema = z.looseObject({ id: z.number().int(), name: z.string() });

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const ActivitySchema = z.looseObject({
  leadId: z.number().int(),
  activityDate: z.string(),
  activityTypeId: z.number().int(),
  primaryAttributeValueId: z.number().optional(),
  primaryAttributeValue: z.string().optional(),
  // Values are scalars on the wire (docs/marketo-api-additions.md §15.3); anything else is kept out rather than failing the whole read.
  attributes: z.array(z.object({ name: z.string(), value: scalar.catch(null) })).catch([]),
});

export async function readActivityTypes(call: Call): Promise<MarketoActivityType[]> {
  const envelope = await call({ method: 'GET', path: 'rest/v1/activities/types.json', idempotent: true });
  return parseResult(ActivityTypeSchema, envelope, 'activity types').map(({ id, name }) => ({ id, name }));
}

/** Activities of `leadIds` of the given types since `sinceDatetime`, oldest first, following pages. */
export async function readLeadActivities(call: Call, query: LeadActivitiesQuery): Promise<LeadActivities> {
  const { activityTypeIds, leadIds } = query;
  if (activityTypeIds.length < 1 || activityTypeIds.length > MAX_ACTIVITY_TYPE_IDS) {
    throw new RangeError(`Between 1 and ${MAX_ACTIVITY_TYPE_IDS} activity types per read`);
  }
  if (leadIds.length < 1 || leadIds.length > MAX_ACTIVITY_LEAD_IDS) {
    throw new RangeError(`Between 1 and ${MAX_ACTIVITY_LEAD_IDS} leads per read`);
  }
  const start = await call({
    method: 'GET',
    path: 'rest/v1/activities/pagingtoken.json',
    searchParams: { sinceDatetime: query.sinceDatetime },
    idempotent: true,
  });
  let token = start.nextPageToken;
  if (!token)
    throw new MarketoUnavailableError('invalid_response', 'Marketo sent no paging token', start.requestId);
  const activities: MarketoActivity[] = [];
  const maxPages = query.maxPages ?? DEFAULT_MAX_ACTIVITY_PAGES;
  for (let page = 0; page < maxPages; page++) {
    const envelope = await call({
      method: 'GET',
      path: 'rest/v1/activities.json',
      searchParams: {
        nextPageToken: token,
        activityTypeIds: activityTypeIds.join(','),
        leadIds: leadIds.join(','),
        batchSize: String(BATCH_SIZE),
      },
      idempotent: true,
    });
    activities.push(...parseResult(ActivitySchema, envelope, 'activities').map(toActivity));
    if (envelope.moreResult !== true) return { activities, complete: true };
    if (!envelope.nextPageToken) return { activities, complete: false };
    token = envelope.nextPageToken;
  }
  return { activities, complete: false };
}

function toActivity(raw: z.infer<typeof ActivitySchema>): MarketoActivity {
  return {
    leadId: raw.leadId,
    activityDate: raw.activityDate,
    activityTypeId: raw.activityTypeId,
    ...(raw.primaryAttributeValueId === undefined
      ? {}
      : { primaryAttributeValueId: raw.primaryAttributeValueId }),
    ...(raw.primaryAttributeValue === undefined ? {} : { primaryAttributeValue: raw.primaryAttributeValue }),
    attributes: raw.attributes,
  };
}
