// The emulator's knobs. Everything Marketo does not document (docs/marketo-api.md §14) is a switch here, so tests can pin
// down a client's behaviour under each plausible answer instead of under one guess.
import { z } from 'zod';

export interface EmulatorConfig {
  clientId: string;
  clientSecret: string;
  /** Lifetime of a fresh token; 0 issues a token that is already expiring. */
  tokenTtlSeconds: number;
  callsPer20s: number;
  /** The rolling window `callsPer20s` counts in: Marketo's is 20 s; tests shorten it to run a burst quickly. */
  rateWindowMs: number;
  maxConcurrent: number;
  dailyQuota: number;
  /** Delay added to every /rest call while it is in flight, so concurrency can be observed. */
  latencyMs: number;
  /** Code for a /rest call without any token (600 "Empty access token" is third-party lore). */
  missingTokenCode: '600' | '601';
  /** Legacy switch: accept `access_token` in the query string or form body. */
  allowQueryToken: boolean;
  /** Identity: also read client_id/client_secret/grant_type from a POST form body (Spring reads both). */
  identityAcceptsFormBody: boolean;
  /** `scope` of issued tokens: the API-only user owning the custom service. */
  apiUserEmail: string;
  /** Unknown `partitionName`: each record skipped with 1008, or the whole call fails with 1003. */
  unknownPartitionName: 'record' | 'response';
  /** `updateOnly` + `partitionName`: ignored (docs: only createOnly/createOrUpdate honour it) or enforced (1010). */
  updateOnlyPartitionName: 'ignore' | 'enforce';
  /** No `partitionName` and the key matches a lead outside Default: update it anyway, or skip with 1010. */
  updateWithoutPartitionName: 'anyPartition' | 'defaultOnly';
  /** Partitions the API user's role cannot reach: matches there give 1008. */
  deniedPartitionIds: number[];
  /** How long a `timeout` fault holds a request before answering 604. */
  timeoutFaultMs: number;
  /**
   * How Sync Leads and Get Leads by Filter Type compare a text lookup value with a stored one (docs/marketo-api.md
   * leaves it open): `exact` (emails ignore case, other text byte for byte), or `loose`, as a case-insensitive,
   * trailing-space-insensitive Unicode collation would. Set apart, so a client can be tried where the two differ.
   */
  syncLookupMatch: LookupMatch;
  filterLookupMatch: LookupMatch;
  /** Activity type ids (docs/marketo-api-additions.md §15.1: 12 and 100 are seen in clients, not in Adobe's docs). */
  newLeadActivityTypeId: number;
  changeLeadPartitionActivityTypeId: number;
  /** Bulk jobs' pace: every `bulkTickMs`, each running job handles `bulkRowsPerTick` rows (0 holds them). */
  bulkTickMs: number;
  bulkRowsPerTick: number;
  /** Largest Bulk Import request body; beyond it HTTP 413 (docs/marketo-api.md §10.1: 10 MB for import). */
  bulkImportMaxBytes: number;
  /** Bulk Lead Extract filters this instance supports; the others answer 1035 (docs/marketo-api-additions.md §16.2). */
  bulkExportFilters: BulkExportFilter[];
  /** Export jobs processing at once, and the export bytes allowed per day (docs/marketo-api-additions.md §16.2). */
  bulkExportMaxProcessing: number;
  bulkExportDailyBytes: number;
}

export type BulkExportFilter = 'createdAt' | 'updatedAt';

export type LookupMatch = 'exact' | 'loose';

export const DEFAULT_CONFIG: Readonly<EmulatorConfig> = Object.freeze({
  clientId: 'partition-console-emulator',
  clientSecret: 'emulator-secret-not-for-production',
  tokenTtlSeconds: 3600,
  callsPer20s: 100,
  rateWindowMs: 20_000,
  maxConcurrent: 10,
  dailyQuota: 50_000,
  latencyMs: 0,
  missingTokenCode: '600',
  allowQueryToken: false,
  identityAcceptsFormBody: true,
  apiUserEmail: 'api-user@partition-console.example',
  unknownPartitionName: 'record',
  updateOnlyPartitionName: 'ignore',
  updateWithoutPartitionName: 'anyPartition',
  deniedPartitionIds: [],
  timeoutFaultMs: 5000,
  syncLookupMatch: 'exact',
  filterLookupMatch: 'exact',
  newLeadActivityTypeId: 12,
  changeLeadPartitionActivityTypeId: 100,
  bulkTickMs: 50,
  bulkRowsPerTick: 5000,
  bulkImportMaxBytes: 10 * 1024 * 1024,
  bulkExportFilters: ['createdAt', 'updatedAt'] as BulkExportFilter[],
  bulkExportMaxProcessing: 2,
  bulkExportDailyBytes: 500 * 1024 * 1024,
});

const count = z.number().int().min(0);

/** What `PUT /__emulator/config` accepts: any subset, strictly typed, unknown keys refused. */
export const ConfigPatchSchema = z
  .object({
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    tokenTtlSeconds: count,
    callsPer20s: count,
    rateWindowMs: z.number().int().min(100).max(60_000),
    maxConcurrent: count,
    dailyQuota: count,
    latencyMs: count.max(60_000),
    missingTokenCode: z.enum(['600', '601']),
    allowQueryToken: z.boolean(),
    identityAcceptsFormBody: z.boolean(),
    apiUserEmail: z.string().min(1),
    unknownPartitionName: z.enum(['record', 'response']),
    updateOnlyPartitionName: z.enum(['ignore', 'enforce']),
    updateWithoutPartitionName: z.enum(['anyPartition', 'defaultOnly']),
    deniedPartitionIds: z.array(z.number().int()),
    timeoutFaultMs: count.max(120_000),
    syncLookupMatch: z.enum(['exact', 'loose']),
    filterLookupMatch: z.enum(['exact', 'loose']),
    newLeadActivityTypeId: z.number().int().min(1),
    changeLeadPartitionActivityTypeId: z.number().int().min(1),
    bulkTickMs: z.number().int().min(1).max(60_000),
    bulkRowsPerTick: count,
    bulkImportMaxBytes: z.number().int().min(1),
    bulkExportFilters: z.array(z.enum(['createdAt', 'updatedAt'])),
    bulkExportMaxProcessing: z.number().int().min(1),
    bulkExportDailyBytes: count,
  })
  .partial()
  .strict();

export type ConfigPatch = z.infer<typeof ConfigPatchSchema>;

/** Merges a partial config over the defaults, validating it the same way the control API does. */
export function resolveConfig(partial: Partial<EmulatorConfig> = {}): EmulatorConfig {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const patch = ConfigPatchSchema.parse(defined);
  return {
    ...DEFAULT_CONFIG,
    deniedPartitionIds: [...DEFAULT_CONFIG.deniedPartitionIds],
    bulkExportFilters: [...DEFAULT_CONFIG.bulkExportFilters],
    ...patch,
  };
}
