// MarketoClient: the MarketoApi the routes use, against Marketo or the emulator alike. Wire shapes stay here
// and in wire.ts; callers get unwrapped, typed values or one of the errors in errors.ts.
import { TokenTrust } from './token-trust';
import { MarketoApiError, MarketoAuthError } from './errors';
import { createMarketoHttp, fetchToken, normalizeBaseUrl, type UpstreamRequest } from './http';
import { LinkTracker, type MarketoLinkState } from './link-state';
import { IDENTITY_PATH, type AttemptObserver } from './observer';
import { failureCode, UpstreamFailure } from './retry-policy';
import { readLeadsByFilter } from './lead-filter';
import { readActivityTypes, readLeadActivities } from './activities';
import { chicagoDate } from './quota-reset';
import type { RateBudget } from './rate-budget';
import { processCoordination, type MarketoCoordination } from './coordination';
import { moveLeadsInBatches, syncLeadsInBatches } from './lead-writes';
import { bulkImportApi, type BulkImportApi } from './bulk-import';
import { runRequest, type MarketoLogger, type RunnerDeps } from './request-runner';
import type {
  CallOptions,
  LeadActivities,
  LeadActivitiesQuery,
  MarketoActivityType,
  MarketoApi,
  MarketoFieldDescription,
  MarketoLead,
  MarketoPartition,
  PartitionMove,
  PartitionMoveOutcome,
  RateBudgetSnapshot,
  SyncLeadOutcome,
  SyncLeadsRequest,
  TracedOutcomes,
} from './types';
import { toLead } from './lead-record';
import { FieldDescriptionSchema, parseResult, PartitionSchema, UsageDaySchema, type Envelope } from './wire';

export type { MarketoLogger } from './request-runner';

export interface MarketoClientOptions {
  /** e.g. `https://123-ABC-456.mktorest.com` or `http://127.0.0.1:4010`; trailing slashes are ignored. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Upstream calls started per rolling window (proxy default 50; Marketo's instance limit is 100). */
  callsPer20s: number;
  /** Upstream calls in flight at once (proxy default 5; Marketo's instance limit is 10). */
  maxConcurrent: number;
  /** Length of the rolling window, default 20 000 ms (tests may shorten). */
  windowMs?: number;
  /** Attempts per request, retries included; default 5. Resends after a 601/602 are bounded apart (request-runner.ts). */
  maxAttempts?: number;
  /** Overall deadline per upstream request, queueing, retries and waits included; default 60 000 ms. */
  deadlineMs?: number;
  /** Timeout of one attempt once it is sent, default 30 000 ms. */
  requestTimeoutMs?: number;
  /** First backoff step, default 500 ms (doubles per retry, capped at 8 s, jittered). */
  retryBaseDelayMs?: number;
  /** Never receives tokens, secrets or the identity URL. */
  logger?: MarketoLogger;
  /** Told how every attempt came back, identity calls included (`server/metrics/marketo-metrics.ts`). */
  onAttempt?: AttemptObserver;
  /** Where the budget and token live: this process (default), or Redis shared by every replica. */
  coordination?: MarketoCoordination;
}

/** Marketo's REST API for the console: rate-budgeted, token-managed, retried, batched. */
export class MarketoClient implements MarketoApi {
  private readonly budget: RateBudget;
  private readonly deps: RunnerDeps;
  private readonly baseUrl: string;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly link = new LinkTracker();
  private closed = false;
  /** Bulk Lead Import, in the budget's background lane (server/imports/bulk/). */
  readonly bulkImport: BulkImportApi = bulkImportApi((request) => this.track(() => this.call(request)));

  constructor(options: MarketoClientOptions) {
    const windowMs = options.windowMs ?? 20_000;
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    const coordination = options.coordination ?? processCoordination;
    this.budget = coordination.budget({
      callsPerWindow: options.callsPer20s,
      maxConcurrent: options.maxConcurrent,
      windowMs,
    });
    const http = createMarketoHttp(this.baseUrl);
    const limits = { budget: this.budget, timeoutMs: options.requestTimeoutMs ?? 30_000 };
    const onAttempt: AttemptObserver = (report) => {
      this.link.attempted(report);
      options.onAttempt?.(report);
    };
    const tokens = coordination.tokens({
      fetchToken: async () => {
        try {
          const grant = await fetchToken(http, limits, options.clientId, options.clientSecret);
          this.link.identitySucceeded(Math.max(0, grant.expiresInSeconds) * 1000);
          onAttempt({ path: IDENTITY_PATH, outcome: 'success' });
          return grant;
        } catch (error) {
          onAttempt({ path: IDENTITY_PATH, outcome: identityOutcome(error) });
          throw error;
        }
      },
    });
    this.deps = {
      http,
      tokens,
      trust: new TokenTrust(),
      limits,
      retry: { windowMs, baseDelayMs: options.retryBaseDelayMs ?? 500, maxDelayMs: 8_000 },
      maxAttempts: options.maxAttempts ?? 5,
      deadlineMs: options.deadlineMs ?? 60_000,
      logger: options.logger,
      onAttempt,
    };
  }

  async getPartitions(): Promise<MarketoPartition[]> {
    return this.track(async () => {
      const envelope = await this.call({
        method: 'GET',
        path: 'rest/v1/leads/partitions.json',
        idempotent: true,
      });
      return parseResult(PartitionSchema, envelope, 'partitions');
    });
  }

  async describeLeads(): Promise<MarketoFieldDescription[]> {
    return this.track(async () => {
      const envelope = await this.call({
        method: 'GET',
        path: 'rest/v1/leads/describe.json',
        idempotent: true,
      });
      return parseResult(FieldDescriptionSchema, envelope, 'field descriptions');
    });
  }

  async syncLeads(request: SyncLeadsRequest): Promise<SyncLeadOutcome[]> {
    return (await this.syncLeadsTraced(request)).outcomes;
  }

  async syncLeadsTraced(request: SyncLeadsRequest): Promise<TracedOutcomes<SyncLeadOutcome>> {
    const requestIds: string[] = [];
    // The lane is ours to honour, not part of Marketo's body.
    const { priority, ...sync } = request;
    const outcomes = await this.track(() => syncLeadsInBatches(this.callerIn(priority), sync, requestIds));
    return { outcomes, requestIds };
  }

  async getLeadById(id: number, fields?: string[]): Promise<MarketoLead | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError('A lead id is a positive integer');
    return this.track(async () => {
      const envelope = await this.call({
        method: 'GET',
        path: `rest/v1/lead/${id}.json`,
        searchParams: fields && fields.length > 0 ? { fields: fields.join(',') } : undefined,
        idempotent: true,
      });
      const first = envelope.result?.[0];
      return first === undefined ? undefined : toLead(first, this.deps.logger);
    });
  }

  async getLeadsByFilter(
    filterType: string,
    filterValues: string[],
    fields?: string[],
    options: CallOptions = {},
  ): Promise<MarketoLead[]> {
    return this.track(async () => {
      const caller = this.callerIn(options.priority);
      const records = await readLeadsByFilter(caller, this.baseUrl, filterType, filterValues, fields);
      return records.map((record) => toLead(record, this.deps.logger));
    });
  }

  async updateLeadPartition(moves: PartitionMove[]): Promise<PartitionMoveOutcome[]> {
    return (await this.updateLeadPartitionTraced(moves)).outcomes;
  }

  async updateLeadPartitionTraced(
    moves: PartitionMove[],
    options: CallOptions = {},
  ): Promise<TracedOutcomes<PartitionMoveOutcome>> {
    const requestIds: string[] = [];
    const caller = this.callerIn(options.priority);
    const outcomes = await this.track(() => moveLeadsInBatches(caller, moves, requestIds));
    return { outcomes, requestIds };
  }

  async getUsageToday(): Promise<number | null> {
    try {
      // A status read: answer soon or not at all, rather than hold the status page for a minute.
      const envelope = await this.track(() =>
        this.call(
          { method: 'GET', path: 'rest/v1/stats/usage.json', idempotent: true },
          { maxAttempts: 2, deadlineMs: Math.min(10_000, this.deps.deadlineMs) },
        ),
      );
      const days = parseResult(UsageDaySchema, envelope, 'usage');
      const today = chicagoDate();
      const dated = days.filter((day) => day.date !== undefined);
      const todays = dated.length > 0 ? dated.filter((day) => day.date?.startsWith(today)) : days;
      return todays.reduce((sum, day) => sum + (day.total ?? 0), 0);
    } catch (error) {
      this.deps.logger?.warn({ err: errorSummary(error) }, 'could not read Marketo usage');
      return null;
    }
  }

  async getActivityTypes(): Promise<MarketoActivityType[]> {
    return this.track(() => readActivityTypes(this.caller));
  }

  async getLeadActivities(query: LeadActivitiesQuery): Promise<LeadActivities> {
    return this.track(() => readLeadActivities(this.caller, query));
  }

  rateBudget(): RateBudgetSnapshot {
    return this.budget.snapshot();
  }

  /** The last successful identity call and API attempt, and whether a live token is held (readiness). */
  linkState(): MarketoLinkState {
    return this.link.snapshot(this.deps.tokens.peek() !== undefined);
  }

  /** Resolves once a live token is held, asking identity only when none is; never hands the token out. */
  async confirmIdentity(signal?: AbortSignal): Promise<void> {
    await this.deps.tokens.get(signal);
  }

  /** Refuses new calls and resolves once every call already started has settled. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pending]);
    await this.budget.idle();
  }

  private async call(
    request: UpstreamRequest,
    overrides: Partial<Pick<RunnerDeps, 'maxAttempts' | 'deadlineMs'>> = {},
  ): Promise<Envelope> {
    return runRequest(request, { ...this.deps, ...overrides });
  }

  private readonly caller = (request: UpstreamRequest) => this.call(request);

  /** `caller`, with every request sent in the given lane of the rate budget. */
  private callerIn(priority: CallOptions['priority']): (request: UpstreamRequest) => Promise<Envelope> {
    return priority === undefined ? this.caller : (request) => this.call({ ...request, priority });
  }

  private async track<T>(start: () => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('MarketoClient is closed');
    const promise = start();
    this.pending.add(promise);
    try {
      return await promise;
    } finally {
      this.pending.delete(promise);
    }
  }
}

/** How an identity call failed, in the words of `AttemptReport.outcome`. */
function identityOutcome(error: unknown): string {
  if (error instanceof MarketoAuthError) return 'refused';
  if (error instanceof UpstreamFailure) return failureCode(error.failure);
  return 'error';
}

function errorSummary(error: unknown): { name: string; code?: string } {
  if (error instanceof MarketoApiError) return { name: error.name, code: error.code };
  return { name: error instanceof Error ? error.name : 'unknown' };
}
