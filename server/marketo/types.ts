// The proxy's view of Marketo: the only shapes routes may use. `server/marketo/` is the only code that knows
// Marketo's wire format; everything here is already unwrapped from the envelope.

/** A value of one lead field as Marketo sends and accepts it. */
export type MarketoValue = string | number | boolean | null;

/** A lead as Marketo returns it: `id` plus the requested fields (missing ones as `null`). */
export type MarketoLead = { id: number } & Record<string, MarketoValue>;

export interface MarketoPartition {
  id: number;
  name: string;
  description?: string;
}

/** One entry of `describe.json`. */
export interface MarketoFieldDescription {
  id: number;
  displayName: string;
  dataType: string;
  length?: number;
  rest?: { name: string; readOnly: boolean };
  soap?: { name: string; readOnly: boolean };
}

export type SyncAction = 'createOrUpdate' | 'createOnly' | 'updateOnly' | 'createDuplicate';

/** Calls nobody is waiting on (bulk import) go in the budget's `background` lane, behind every queued call. */
export interface CallOptions {
  priority?: 'background';
}

export interface SyncLeadsRequest extends CallOptions {
  action: SyncAction;
  lookupField: string;
  partitionName?: string;
  input: Record<string, MarketoValue>[];
}

export interface MarketoReason {
  code: string;
  message: string;
}

/**
 * The outcome for one input record, in input order. `failed` means no answer could be had for the batch that
 * held it (its reason carries Marketo's code, or `network`), so the caller can tell the user.
 */
export interface SyncLeadOutcome {
  status: 'created' | 'updated' | 'skipped' | 'failed';
  id?: number;
  reasons?: MarketoReason[];
}

export interface PartitionMove {
  id: number;
  partitionName: string;
}

export interface PartitionMoveOutcome {
  id: number;
  status: 'updated' | 'skipped' | 'failed';
  reasons?: MarketoReason[];
}

/**
 * A write's outcomes together with Marketo's `requestId` of every batch it sent (answered, or failed with one),
 * in send order, so the caller can record them.
 */
export interface TracedOutcomes<T> {
  outcomes: T[];
  requestIds: string[];
}

export interface RateBudgetSnapshot {
  callsPer20s: number;
  maxConcurrent: number;
  /** Upstream calls started in the last 20 s. */
  callsInWindow: number;
  inFlight: number;
  /** Calls waiting for a slot (metrics); absent where a stand-in budget does not know. */
  queued?: number;
}

/** The calls the console needs; `MarketoClient` implements it, against Marketo or the emulator alike. */
export interface MarketoApi {
  getPartitions(): Promise<MarketoPartition[]>;
  describeLeads(): Promise<MarketoFieldDescription[]>;
  /** Splits into batches of at most 300 records and 1 MB; one outcome per input record, in input order. */
  syncLeads(request: SyncLeadsRequest): Promise<SyncLeadOutcome[]>;
  /** `syncLeads`, also returning the batches' requestIds. */
  syncLeadsTraced(request: SyncLeadsRequest): Promise<TracedOutcomes<SyncLeadOutcome>>;
  /** `undefined` when Marketo knows no such lead. */
  getLeadById(id: number, fields?: string[]): Promise<MarketoLead | undefined>;
  /**
   * Follows `nextPageToken`; splits values by 300; long queries go as POST with `_method=GET`. Rejects with a
   * `RangeError`, before any call, when a value contains a comma (Marketo's list cannot carry one).
   */
  getLeadsByFilter(
    filterType: string,
    filterValues: string[],
    fields?: string[],
    options?: CallOptions,
  ): Promise<MarketoLead[]>;
  /** Splits into batches of 300; one outcome per move, in input order. */
  updateLeadPartition(moves: PartitionMove[]): Promise<PartitionMoveOutcome[]>;
  /** `updateLeadPartition`, also returning the batches' requestIds; a bulk move sends in the background lane. */
  updateLeadPartitionTraced(
    moves: PartitionMove[],
    options?: CallOptions,
  ): Promise<TracedOutcomes<PartitionMoveOutcome>>;
  /** Calls Marketo counted today (stats/usage.json), or `null` if it could not be read. */
  getUsageToday(): Promise<number | null>;
  /** Every activity type of the instance, id and name (docs/marketo-api-additions.md §15.1). */
  getActivityTypes(): Promise<MarketoActivityType[]>;
  /** A paging token from `sinceDatetime`, then pages followed up to a cap (docs/marketo-api-additions.md §15.3). */
  getLeadActivities(query: LeadActivitiesQuery): Promise<LeadActivities>;
  rateBudget(): RateBudgetSnapshot;
}

export interface MarketoActivityType {
  id: number;
  name: string;
}

/** One lead activity; attribute values are scalars (docs/marketo-api-additions.md §15.3). */
export interface MarketoActivity {
  leadId: number;
  activityDate: string;
  activityTypeId: number;
  primaryAttributeValueId?: number;
  primaryAttributeValue?: string;
  attributes: { name: string; value: string | number | boolean | null }[];
}

export interface LeadActivitiesQuery {
  /** ISO-8601; the paging token starts there. */
  sinceDatetime: string;
  /** 1–10 type ids. */
  activityTypeIds: number[];
  /** 1–30 lead ids. */
  leadIds: number[];
  /** Pages read at most before the answer is marked incomplete (default 20). */
  maxPages?: number;
}

export interface LeadActivities {
  /** Oldest first, as Marketo pages them. */
  activities: MarketoActivity[];
  /** False when the page cap stopped the read before Marketo said there was no more. */
  complete: boolean;
}
