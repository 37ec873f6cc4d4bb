// One record of a Sync Leads batch: validate its fields, look it up instance-wide, then create, update or skip
// it by the partition rules of docs/marketo-api.md §5.3 (codes 1004/1005/1007/1008/1010; placements partly unconfirmed).
import type { EmulatorConfig } from '../config';
import { type FieldDef, findField } from '../fields';
import type { LeadDb, LeadFields, Partition } from '../store/db';
import { coerceValue, invalidValue } from '../values';
import { type SkippedRecord, skipped } from './record-results';

export type SyncAction = 'createOnly' | 'updateOnly' | 'createOrUpdate' | 'createDuplicate';

export interface SyncPlan {
  action: SyncAction;
  lookupField: FieldDef;
  /** The named partition; 'unknown' when the name is not an existing partition; undefined when none named. */
  partition: Partition | 'unknown' | undefined;
  partitionName: string | undefined;
  partitions: Partition[];
  config: EmulatorConfig;
  db: LeadDb;
  now: string;
}

export type SyncOutcome = { id: number; status: 'created' | 'updated' } | SkippedRecord;

const DEFAULT_PARTITION_ID = 1;
/** System-managed fields Marketo fills itself; values sent for them are ignored. */
const IGNORED_ON_WRITE = new Set(['createdAt', 'updatedAt', 'originalSourceType', 'personTimeZone']);

const denied = (plan: SyncPlan, partitionId: number): boolean =>
  plan.config.deniedPartitionIds.includes(partitionId);

function partitionLabel(plan: SyncPlan, partitionId: number): string {
  return plan.partitions.find((p) => p.id === partitionId)?.name ?? String(partitionId);
}

type Validated =
  { ok: true; fields: LeadFields; id: number | undefined } | { ok: false; skip: SkippedRecord };

function validate(plan: SyncPlan, record: Record<string, unknown>): Validated {
  const fields: LeadFields = {};
  let id: number | undefined;
  for (const [name, raw] of Object.entries(record)) {
    const field = findField(name);
    if (!field) return { ok: false, skip: skipped('1006', `Field '${name}' not found`) };
    if (name === 'id') {
      // `id` is system-managed: only an update may name it (DOC: 1003 with createOnly).
      if (plan.action !== 'updateOnly') return { ok: false, skip: skipped('1003', 'Invalid data') };
      if (typeof raw !== 'number' || !Number.isInteger(raw)) {
        return { ok: false, skip: skipped('1001', invalidValue(raw, 'integer')) };
      }
      id = raw;
      continue;
    }
    // Sync cannot move a lead (that is Update Lead Partition's job), so a partition id in a record is invalid.
    if (name === 'leadPartitionId') return { ok: false, skip: skipped('1003', 'Invalid data') };
    if (IGNORED_ON_WRITE.has(name)) continue;
    const coerced = coerceValue(field, raw);
    if (!coerced.ok) return { ok: false, skip: skipped('1001', coerced.message) };
    fields[name] = coerced.value;
  }
  return { ok: true, fields, id };
}

function create(plan: SyncPlan, fields: LeadFields): SyncOutcome {
  const { partition } = plan;
  if (partition === 'unknown')
    return skipped('1008', `Access denied to partition '${plan.partitionName ?? ''}'`);
  const target = partition?.id ?? DEFAULT_PARTITION_ID;
  if (denied(plan, target))
    return skipped('1008', `Access denied to partition '${partitionLabel(plan, target)}'`);
  const stored = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
  return { id: plan.db.insert(target, stored, plan.now), status: 'created' };
}

/** Whether the named (or default) partition forbids updating a lead that lives in `leadPartition`. */
function partitionConflict(plan: SyncPlan, leadPartition: number): SkippedRecord | undefined {
  const { partition, action, config } = plan;
  const enforced =
    action === 'createOrUpdate' || (action === 'updateOnly' && config.updateOnlyPartitionName === 'enforce');
  if (enforced && partition !== undefined) {
    if (partition === 'unknown')
      return skipped('1008', `Access denied to partition '${plan.partitionName ?? ''}'`);
    if (partition.id !== leadPartition) return skipped('1010', 'Partition update not allowed');
  }
  const defaultOnly = partition === undefined && config.updateWithoutPartitionName === 'defaultOnly';
  if (defaultOnly && leadPartition !== DEFAULT_PARTITION_ID)
    return skipped('1010', 'Partition update not allowed');
  return undefined;
}

export function syncRecord(plan: SyncPlan, record: Record<string, unknown>): SyncOutcome {
  const checked = validate(plan, record);
  if (!checked.ok) return checked.skip;
  const { fields } = checked;
  const { action, lookupField, db } = plan;
  if (action === 'createDuplicate') return create(plan, fields);

  const key = lookupField.name === 'id' ? checked.id : fields[lookupField.name];
  if (key === undefined || key === null) {
    if (action === 'createOnly') return create(plan, fields);
    return skipped('1002', `Missing value for the required parameter '${lookupField.name}'`);
  }
  if (typeof key === 'boolean') return skipped('1001', invalidValue(key, lookupField.dataType));
  const matches = db.findBy(
    lookupField.name,
    [key],
    lookupField.dataType === 'email',
    plan.config.syncLookupMatch,
  );
  // The real message differs from Adobe's table ("Multiple leads match the lookup criteria"); this one was seen.
  if (matches.length > 1) return skipped('1007', 'Multiple lead match lookup criteria');
  const match = matches[0];
  if (!match) return action === 'updateOnly' ? skipped('1004', 'Lead not found') : create(plan, fields);
  if (action === 'createOnly') return skipped('1005', 'Lead already exists');
  if (denied(plan, match.partitionId)) {
    return skipped('1008', `Access denied to partition '${partitionLabel(plan, match.partitionId)}'`);
  }
  const conflict = partitionConflict(plan, match.partitionId);
  if (conflict) return conflict;
  db.update(match.id, { ...match.fields, ...fields }, plan.now);
  return { id: match.id, status: 'updated' };
}
