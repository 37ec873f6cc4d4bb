// Where the client keeps what Marketo limits per instance: its rate budget, token, catalog cache and quota state. In
// this process by default; with REDIS_URL, shared by every replica (shared/redis-coordination.ts).
import { processCacheStore, type CacheStore } from './catalog';
import { ProcessQuotaState, type QuotaState } from './quota-state';
import { LocalRateBudget, type RateBudget, type RateBudgetOptions } from './rate-budget';
import { TokenManager, type AccessTokens, type TokenManagerOptions } from './token';

export interface MarketoCoordination {
  budget(options: RateBudgetOptions): RateBudget;
  tokens(options: TokenManagerOptions): AccessTokens;
  cacheStore: CacheStore;
  /** Makes the record of an exhausted daily quota (607), for the status page. */
  quotaState(): QuotaState;
  /** Lets go of what the coordination holds (its Redis connection). */
  close(): Promise<void>;
}

/** Everything in this process: one replica, as without REDIS_URL. */
export const processCoordination: MarketoCoordination = {
  budget: (options) => new LocalRateBudget(options),
  tokens: (options) => new TokenManager(options),
  cacheStore: processCacheStore,
  quotaState: () => new ProcessQuotaState(),
  close: async () => {},
};
