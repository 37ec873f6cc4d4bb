// The preview's lookups: up to 300 of a job's listed ids or emails per Get Leads by Filter Type call, read in the
// background lane (fields id, email, leadPartitionId). A lead outside the owner's grants is left out before
// anything is judged, so it reads exactly as a missing one, and an email's only reachable lead is that email's.
import { isGranted, partitionIdOf } from '../auth/access';
import type { MarketoApi, MarketoPartition } from '../marketo/types';
import type { MoveJobRecord, MoveRowRecord, Resolution } from '../store/moves-repo';
import type { UserRecord } from '../store/users-repo';

export const RESOLVE_FIELDS = ['id', 'email', 'leadPartitionId'];

/** What the rows' values name, on `owner`'s grants; one resolution per row. */
export async function resolveRows(
  background: MarketoApi,
  owner: UserRecord,
  job: MoveJobRecord,
  target: MarketoPartition,
  rows: readonly MoveRowRecord[],
): Promise<Resolution[]> {
  const found = await background.getLeadsByFilter(
    job.kind,
    rows.map((row) => row.value),
    RESOLVE_FIELDS,
    { priority: 'background' },
  );
  const byKey = new Map<string, { id: number; partitionId: number }[]>();
  for (const lead of found) {
    const partitionId = partitionIdOf(lead.leadPartitionId);
    if (partitionId === undefined || !isGranted(owner, partitionId)) continue;
    const key =
      job.kind === 'id'
        ? String(lead.id)
        : String(lead.email ?? '')
            .trim()
            .toLowerCase();
    const leads = byKey.get(key) ?? [];
    if (!leads.some((known) => known.id === lead.id)) leads.push({ id: lead.id, partitionId });
    byKey.set(key, leads);
  }
  return rows.map((row) => {
    const leads = byKey.get(job.kind === 'id' ? row.value : row.value.toLowerCase()) ?? [];
    const only = leads.length === 1 ? leads[0] : undefined;
    if (only) return placed(row.row, only.id, only.partitionId, target);
    if (leads.length === 0) return { row: row.row, status: 'not_found' };
    return { row: row.row, status: 'ambiguous', candidates: leads.sort((a, b) => a.id - b.id) };
  });
}

/** A row whose lead is known: ready to move, or already where the move would put it. */
export function placed(
  row: number,
  leadId: number,
  partitionId: number,
  target: MarketoPartition,
): Resolution {
  return {
    row,
    status: partitionId === target.id ? 'in_target' : 'ready',
    leadId,
    fromPartitionId: partitionId,
  };
}
