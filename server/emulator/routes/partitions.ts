// `GET /rest/v1/leads/partitions.json` (docs/marketo-api.md §4) and `POST` (Update Lead Partition, §8).
import { type RestRequest, type RestResult, inputRecords, jsonObjectBody } from '../rest-request';
import { skipped } from './record-results';

export function listPartitions(req: RestRequest): RestResult {
  return { result: req.state.db.partitions() };
}

/**
 * Moves leads between partitions. Status strings and codes are unconfirmed (docs/marketo-api.md §14.5): `updated` on success
 * (also for a move to the partition the lead is already in), `1004` for an unknown lead, `1008` for an unknown
 * or denied partition, `1003` for an item without a usable id or partition name.
 */
export function updateLeadPartitions(req: RestRequest): RestResult {
  const body = jsonObjectBody(req);
  const input = inputRecords(body, 'Leads');
  const { db, config } = req.state;
  const denied = new Set(config.deniedPartitionIds);
  const partitions = db.partitions();
  const now = isoSeconds(req.state.now());
  const result = db.transaction(() =>
    input.map((item) => {
      const id = item.id;
      const name = item.partitionName;
      if (typeof id !== 'number' || !Number.isInteger(id) || typeof name !== 'string' || name === '') {
        return skipped('1003', 'Invalid data');
      }
      const lead = db.lead(id);
      if (!lead) return { id, ...skipped('1004', 'Lead not found') };
      const target = partitions.find((p) => p.name === name);
      if (!target || denied.has(target.id))
        return { id, ...skipped('1008', `Access denied to partition '${name}'`) };
      if (denied.has(lead.partitionId)) {
        const current = partitions.find((p) => p.id === lead.partitionId);
        return {
          id,
          ...skipped('1008', `Access denied to partition '${current?.name ?? lead.partitionId}'`),
        };
      }
      db.setPartition(id, target.id, now);
      return { id, status: 'updated' };
    }),
  );
  return { result };
}

/** Marketo's timestamps: ISO-8601 UTC without milliseconds (docs/marketo-api.md §2). */
export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
