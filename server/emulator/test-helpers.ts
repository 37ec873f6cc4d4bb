// A small typed client for the emulator's control API, for any test that runs against the emulator.
import type { EmulatorConfig } from './config';
import type { FaultSpec } from './faults';

export type { FaultSpec } from './faults';

export interface EmulatorStats {
  calls: number;
  callsByPath: Record<string, number>;
  identityCalls: number;
  errorsByCode: Record<string, number>;
  maxConcurrent: number;
  maxCallsIn20s: number;
}

/** A lead as stored: `id`, every field it has, `leadPartitionId`, `createdAt`, `updatedAt`. */
export type EmulatorLead = {
  id: number;
  leadPartitionId: number;
  createdAt: string;
  updatedAt: string;
} & Record<string, string | number | boolean | null>;

/** Any subset of the config; unknown keys and bad values are refused with HTTP 400. */
export type EmulatorConfigPatch = Partial<EmulatorConfig>;

export interface EmulatorControl {
  reset(): Promise<void>;
  stats(): Promise<EmulatorStats>;
  injectFault(fault: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  setConfig(config: EmulatorConfigPatch): Promise<void>;
  leads(): Promise<EmulatorLead[]>;
}

async function call(origin: string, method: string, path: string, body?: unknown): Promise<Response> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const res = await fetch(`${origin}/__emulator/${path}`, init);
  if (!res.ok) throw new Error(`emulator control ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

export function emulatorControl(origin: string): EmulatorControl {
  return {
    async reset() {
      await call(origin, 'POST', 'reset');
    },
    async stats() {
      return (await (await call(origin, 'GET', 'stats')).json()) as EmulatorStats;
    },
    async injectFault(fault) {
      await call(origin, 'POST', 'faults', fault);
    },
    async clearFaults() {
      await call(origin, 'DELETE', 'faults');
    },
    async setConfig(config) {
      await call(origin, 'PUT', 'config', config);
    },
    async leads() {
      return ((await (await call(origin, 'GET', 'leads')).json()) as { leads: EmulatorLead[] }).leads;
    },
  };
}

/**
 * A seeded pseudo-random source (mulberry32) for `startEmulator({ random })`, so probabilistic faults fall the
 * same way on every run and a failure can be replayed.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
