// `npm run bench [-- name-filter]`: runs every benchmark module in scripts/bench/ in turn and prints its lines.
// A module is any `scripts/bench/*.ts` (tests aside) that exports `benchmark: Benchmark`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Benchmark } from './bench/benchmark';

function isBenchmark(value: unknown): value is Benchmark {
  const candidate = value as Partial<Benchmark> | undefined;
  return typeof candidate?.name === 'string' && typeof candidate.run === 'function';
}

async function main(): Promise<void> {
  const filter = process.argv[2]?.toLowerCase();
  const folder = join(import.meta.dirname, 'bench');
  const files = readdirSync(folder)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .sort();
  console.log(`Partition Console benchmarks · Node ${process.version} · ${new Date().toISOString()}`);
  let failed = 0;
  for (const file of files) {
    const module = (await import(pathToFileURL(join(folder, file)).href)) as { benchmark?: unknown };
    if (!isBenchmark(module.benchmark)) continue;
    const bench = module.benchmark;
    if (filter && !bench.name.toLowerCase().includes(filter)) continue;
    console.log(`\n▶ ${bench.name}`);
    const started = Date.now();
    try {
      for (const line of await bench.run()) console.log(`  ${line}`);
      console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed += 1;
      console.log(`  ✘ failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  process.exit(failed > 0 ? 1 : 0);
}

await main();
