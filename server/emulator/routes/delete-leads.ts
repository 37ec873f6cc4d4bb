// `POST /rest/v1/leads/delete.json` (docs/marketo-api.md §8): ids in the JSON body's `input`, or in the `id` query parameter.
import { MarketoApiError } from '../envelope';
import { MAX_BATCH } from '../fields';
import { type RestRequest, type RestResult, inputRecords, jsonObjectBody, listParam } from '../rest-request';
import { skipped } from './record-results';

function requestedIds(req: RestRequest): unknown[] {
  const fromQuery = listParam(req.query, 'id');
  if (fromQuery && fromQuery.length > 0 && req.body.length === 0) {
    if (fromQuery.length > MAX_BATCH)
      throw new MarketoApiError('1003', `Too many leads, max ${MAX_BATCH} allowed`);
    return fromQuery.map((v) => (/^\d+$/.test(v) ? Number(v) : v));
  }
  return inputRecords(jsonObjectBody(req), 'Leads').map((item) => item.id);
}

export function deleteLeads(req: RestRequest): RestResult {
  const ids = requestedIds(req);
  const { db, config } = req.state;
  const result = db.transaction(() =>
    ids.map((id) => {
      if (typeof id !== 'number' || !Number.isInteger(id)) return skipped('1003', 'Invalid data');
      const lead = db.lead(id);
      if (!lead || config.deniedPartitionIds.includes(lead.partitionId)) {
        return { id, ...skipped('1004', 'Lead not found') };
      }
      db.delete(id);
      return { id, status: 'deleted' };
    }),
  );
  return { result };
}
