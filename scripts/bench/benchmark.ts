/**
 * One benchmark of `npm run bench`. Each module in `scripts/bench/` exports `benchmark`; `scripts/bench.ts`
 * runs them in turn and prints the lines each returns. Loopback only, bounded loops.
 */
export interface Benchmark {
  name: string;
  run(): Promise<string[]>;
}

/** The value at quantile `q` (0–1) of `samples`, nearest-rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}
