// Everything one running emulator owns, shared by the gate, the routes and the control API.
import { setTimeout as delay } from 'node:timers/promises';
import { TokenStore } from './auth/tokens';
import { BulkJobs } from './bulk/bulk-jobs';
import { type EmulatorConfig, resolveConfig } from './config';
import { createRequestIds } from './envelope';
import { FaultQueue } from './faults';
import { CallLimits } from './limits';
import { LeadDb } from './store/db';

export interface CallStats {
  calls: number;
  callsByPath: Record<string, number>;
  identityCalls: number;
  errorsByCode: Record<string, number>;
}

export interface EmulatorState {
  config: EmulatorConfig;
  readonly initialConfig: EmulatorConfig;
  readonly now: () => number;
  readonly db: LeadDb;
  readonly tokens: TokenStore;
  readonly limits: CallLimits;
  readonly faults: FaultQueue;
  stats: CallStats;
  /** Bulk Import batches and Bulk Extract jobs, with the ticker that runs them. */
  readonly bulk: BulkJobs;
  readonly nextRequestId: () => string;
  /** Aborted on close, so held requests and latency delays end instead of leaking timers. */
  readonly shutdown: AbortController;
}

export interface StateOptions {
  dbFile: string;
  config?: Partial<EmulatorConfig> | undefined;
  now?: (() => number) | undefined;
  random?: (() => number) | undefined;
}

const emptyStats = (): CallStats => ({ calls: 0, callsByPath: {}, identityCalls: 0, errorsByCode: {} });

export function createState(options: StateOptions): EmulatorState {
  const now = options.now ?? Date.now;
  const config = resolveConfig(options.config);
  const state: EmulatorState = {
    config,
    initialConfig: { ...config, deniedPartitionIds: [...config.deniedPartitionIds] },
    now,
    db: new LeadDb(options.dbFile),
    tokens: new TokenStore(now),
    limits: new CallLimits(now, () => state.config),
    faults: new FaultQueue(options.random),
    stats: emptyStats(),
    bulk: new BulkJobs(() => state),
    nextRequestId: createRequestIds(now),
    shutdown: new AbortController(),
  };
  return state;
}

/** `POST /__emulator/reset`: data back to the seed, counters zeroed, faults cleared, config restored. */
export function resetState(state: EmulatorState): void {
  state.db.reset();
  state.bulk.reset();
  // Tokens survive a reset: a client holding one should not pay an extra 601 round trip between tests.
  state.limits.reset();
  state.faults.clear();
  state.stats = emptyStats();
  state.config = { ...state.initialConfig, deniedPartitionIds: [...state.initialConfig.deniedPartitionIds] };
}

export function recordError(state: EmulatorState, code: string): void {
  state.stats.errorsByCode[code] = (state.stats.errorsByCode[code] ?? 0) + 1;
}

/** Waits `ms`, or less if the emulator shuts down or `signal` fires; never rejects. */
export async function pause(state: EmulatorState, ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  const signals = signal ? AbortSignal.any([state.shutdown.signal, signal]) : state.shutdown.signal;
  try {
    await delay(ms, undefined, { signal: signals });
  } catch {
    // Aborted: the caller checks whether anyone is still listening.
  }
}
