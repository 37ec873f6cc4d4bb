// The heap's growth, measured in child processes of its own: rows replaced one after another, about 10 MB alive
// at any time, as an import's rows are. With V8's defaults the heap reaches many times what is alive; with the
// server's heap flags (scripts/lean-heap-flags.mjs) it stays near it, and on Node 20 also with `keepHeapNearLive`.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LEAN_HEAP_FLAGS } from '../scripts/lean-heap-flags.mjs';

const CHURN = `
const live = new Array(100_000);
let peak = 0;
for (let i = 0; i < 1_000_000; i++) {
  live[i % live.length] = { row: i, cells: [\`a\${i}@example.com\`, \`Name \${i}\`, 'x'.repeat(20)] };
  if (i % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapTotal);
}
console.log(Math.round(peak / 1048576));
`;

const KEEP_HEAP_NEAR_LIVE = `import { keepHeapNearLive } from ${JSON.stringify(join(import.meta.dirname, 'lean-heap.ts'))}; keepHeapNearLive();`;

/** Peak heap (MB) of a child started with `flags` that runs `prelude`, then the churn. */
function peakHeapMb(flags: readonly string[], prelude = ''): number {
  const output = execFileSync(
    process.execPath,
    [...flags, '--import', 'tsx', '--input-type=module', '-e', `${prelude}\n${CHURN}`],
    { encoding: 'utf8' },
  );
  return Number(output.trim());
}

it('keeps the heap near what is alive with the flags the server starts with', () => {
  const usual = peakHeapMb([]);
  const lean = peakHeapMb(LEAN_HEAP_FLAGS);
  expect(lean).toBeLessThan(usual * 0.5);
});

// Node 22 and 24 read heap sizing at start only (measured: no change at run time), hence the flags above.
const nodeMajor = Number(process.versions.node.split('.')[0]);
it.skipIf(nodeMajor >= 22)('keeps the heap near what is alive from inside the server on Node 20', () => {
  const usual = peakHeapMb([]);
  const lean = peakHeapMb([], KEEP_HEAP_NEAR_LIVE);
  expect(lean).toBeLessThan(usual * 0.7);
});
