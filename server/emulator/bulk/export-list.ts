// `GET /bulk/v1/leads/export.json` — Get Export Lead Jobs (docs/marketo-api-additions.md §16.2): the jobs created in the past
// 7 days, oldest first, optionally only some statuses, in pages of `batchSize` (≤ 300) with `nextPageToken`.
import { queryFingerprint, encodePageToken } from '../page-token';
import { type RestRequest, type RestResult, listParam } from '../rest-request';
import { batchSize, pageOffset } from '../routes/leads-by-filter';

/** The Swagger's enum is lower case and spells "cancelled"; Adobe's prose says "Canceled": both are read. */
const normalised = (status: string): string => status.toLowerCase().replace(/^canceled$/, 'cancelled');

export function listExports(req: RestRequest): RestResult {
  const wanted = listParam(req.query, 'status')?.map(normalised);
  const size = batchSize(req.query.get('batchSize'));
  const print = queryFingerprint(['exports', ...(wanted ?? [])]);
  const offset = pageOffset(req.query.get('nextPageToken'), print);
  const jobs = req.state.bulk
    .recentExports()
    .filter((job) => wanted === undefined || wanted.includes(normalised(job.status)));
  const page = jobs.slice(offset, offset + size).map((job) => job.view());
  if (offset + size < jobs.length) {
    // The Swagger's ResponseOfExportResponseWithToken has `nextPageToken` and no `moreResult`.
    return { result: page, nextPageToken: encodePageToken(offset + size, print) };
  }
  return { result: page };
}
