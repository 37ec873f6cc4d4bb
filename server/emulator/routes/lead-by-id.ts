// `GET /rest/v1/lead/{leadId}.json` (docs/marketo-api.md §6): at most one lead in `result`; an unknown id is an empty array.
import { MarketoApiError } from '../envelope';
import { leadView, readFields } from '../lead-view';
import { type RestRequest, type RestResult, listParam } from '../rest-request';
import { invalidValue } from '../values';

export function leadById(req: RestRequest): RestResult {
  const raw = req.params.leadId ?? '';
  if (!/^\d{1,18}$/.test(raw)) throw new MarketoApiError('1001', invalidValue(raw, 'integer'));
  // `fields[]=x` is a different parameter name and is ignored, as on the real API (docs/marketo-api.md §6).
  const fields = readFields(listParam(req.query, 'fields'));
  const lead = req.state.db.lead(Number(raw));
  // A lead in a partition the API user cannot see is treated as absent (unconfirmed, docs/marketo-api.md §14.6).
  if (!lead || req.state.config.deniedPartitionIds.includes(lead.partitionId)) return { result: [] };
  return { result: [leadView(lead, fields)] };
}
