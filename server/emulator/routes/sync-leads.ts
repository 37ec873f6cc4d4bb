// `POST /rest/v1/leads.json` — Sync Leads (docs/marketo-api.md §5): request-level checks, then one transaction for the batch.
import { MarketoApiError } from '../envelope';
import { type FieldDef, findField } from '../fields';
import { type RestRequest, type RestResult, inputRecords, jsonObjectBody } from '../rest-request';
import type { Partition } from '../store/db';
import { isoSeconds } from './partitions';
import { shown } from '../values';
import { type SyncAction, type SyncPlan, syncRecord } from './sync-record';

const ACTIONS: readonly SyncAction[] = ['createOnly', 'updateOnly', 'createOrUpdate', 'createDuplicate'];

function parseAction(raw: unknown): SyncAction {
  if (raw === undefined || raw === null) return 'createOrUpdate';
  const action = ACTIONS.find((a) => a === raw);
  // The message is a guess: no recording of an invalid action was found.
  if (!action) throw new MarketoApiError('1003', `Invalid action '${shown(raw)}'`);
  return action;
}

function parseLookupField(raw: unknown, action: SyncAction): FieldDef {
  if (raw === undefined || raw === null) return findField('email') as FieldDef;
  if (typeof raw !== 'string') throw new MarketoApiError('1003', 'Invalid lookupField');
  const field = findField(raw);
  if (!field) throw new MarketoApiError('1006', `Field '${raw}' not found`);
  // Dedupe keys are the searchable fields; the partition id is searchable but cannot identify a lead.
  if (!field.searchable || field.name === 'leadPartitionId') {
    throw new MarketoApiError('1011', `Field '${raw}' not supported`);
  }
  if (field.name === 'id' && action !== 'updateOnly') {
    throw new MarketoApiError('1003', `Lookup field 'id' is only valid with action 'updateOnly'`);
  }
  return field;
}

/** `undefined`: no name given; `'unknown'`: a name that is not in Get Lead Partitions. */
function parsePartition(raw: unknown, partitions: Partition[]): Partition | 'unknown' | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') throw new MarketoApiError('1003', 'Invalid partitionName');
  return partitions.find((p) => p.name === raw) ?? 'unknown';
}

export function syncLeads(req: RestRequest): RestResult {
  const body = jsonObjectBody(req);
  const input = inputRecords(body, 'Leads');
  const action = parseAction(body.action);
  const lookupField = parseLookupField(body.lookupField, action);
  const { db, config } = req.state;
  const partitions = db.partitions();
  const partition = parsePartition(body.partitionName, partitions);
  const partitionName = typeof body.partitionName === 'string' ? body.partitionName : undefined;
  if (partition === 'unknown' && config.unknownPartitionName === 'response') {
    // Unconfirmed (docs/marketo-api.md §14.1): one of the two plausible answers, selected by config.
    throw new MarketoApiError('1003', `Partition '${partitionName}' not found`);
  }
  const plan: SyncPlan = {
    action,
    lookupField,
    partition,
    partitionName,
    partitions,
    config,
    db,
    now: isoSeconds(req.state.now()),
  };
  // `asyncProcessing` is accepted and the batch processed at once: its async response shape is unknown (§14.9).
  const result = db.transaction(() => input.map((record) => syncRecord(plan, record)));
  return { result };
}
