// The heap's growth, measured in a child process of its own: rows replaced one after another, about 10 MB alive
// at any time, as an import's rows are. With V8's default growth the heap reaches several times what is alive;
// with `keepHeapNearLive` it stays near it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const CHURN = `
const live = new Array(100_000);
let peak = 0;
for (let i = 0; i < 1_000_000; i++) {
  live[i % live.length] = { row: i, cells: [\`a\${i}@example.com\`, \`Name \${i}\`, 'x'.repeat(20)] };
  if (i % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapTotal);
}
console.log(Math.round(peak / 1048576));
`;

/** Peak heap (MB) of a child that runs the churn, after `keepHeapNearLive` when `lean`. */
function peakHeapMb(lean: boolean): number {
  const prelude = lean
    ? `import { keepHeapNearLive } from ${JSON.stringify(join(import.meta.dirname, 'lean-heap.ts'))}; keepHeapNearLive();`
    : '';
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', `${prelude}\n${CHURN}`],
    { encoding: 'utf8' },
  );
  return Number(output.trim());
}

it('keeps the heap near what is alive while short-lived rows pass through', () => {
  const usual = peakHeapMb(false);
  const lean = peakHeapMb(true);
  expect(lean).toBeLessThan(usual * 0.7);
});
