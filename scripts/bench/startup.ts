// Startup (issue 11, item 1): the time from `node` to a proxy that answers /api/health, for the compiled server
// that `npm start` runs (dist/server/index.js, plain node) and, beside it, the sources through tsx (`npm run dev`,
// the tests). Emulator mode with in-memory databases, so the in-process emulator's start is included. The
// server part is rebuilt first (scripts/build.mjs), so the figure is for the current sources.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SOURCE_ENTRY, startProxyProcess } from '../../server/proxy-process';
import { ms, quantile, type Benchmark } from './benchmark';

const RUNS = 5;
const root = join(import.meta.dirname, '..', '..');
const compiledEntry = join(root, 'dist', 'server', 'index.js');

/** Spawn to the first 200 from /api/health, in ms. */
async function timeToHealthy(nodeArgs: readonly string[]): Promise<number> {
  const started = performance.now();
  const proxy = await startProxyProcess(
    { NODE_OPTIONS: '', CONSOLE_DB_FILE: ':memory:', EMULATOR_DB_FILE: ':memory:' },
    nodeArgs,
  );
  try {
    const response = await fetch(`${proxy.url}/api/health`);
    if (response.status !== 200) throw new Error(`/api/health answered ${response.status}`);
    return performance.now() - started;
  } finally {
    proxy.kill('SIGTERM');
    await proxy.exit;
  }
}

async function measure(label: string, nodeArgs: readonly string[]): Promise<string> {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run += 1) samples.push(await timeToHealthy(nodeArgs));
  const low = Math.min(...samples);
  const high = Math.max(...samples);
  return `${label}: median ${ms(quantile(samples, 0.5))} (${RUNS} runs, ${ms(low)}–${ms(high)})`;
}

export const benchmark: Benchmark = {
  name: 'startup: node to /api/health',
  run: async (): Promise<string[]> => {
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), 'server'], { cwd: root });
    if (build.status !== 0) throw new Error(`the server build failed:\n${build.stderr.toString()}`);
    return [
      await measure('compiled (node dist/server/index.js)', [compiledEntry]),
      await measure('sources (node --import tsx server/index.ts)', SOURCE_ENTRY),
    ];
  },
};
