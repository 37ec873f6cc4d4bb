// Bulk move: storing a 100,000-email list (POST /api/moves) and how long the proxy's event loop stalls meanwhile.
// The rows go in pages of 1,000, one transaction each, with a turn of the event loop between pages; the runner is
// not started, so no lookup runs.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MOVE_MAX_ROWS } from '../../server/contract/moves';
import { startTestStack } from '../../server/test-helpers';
import type { Benchmark } from './benchmark';

export const benchmark: Benchmark = {
  name: 'bulk move: storing a 100,000-row list',
  async run() {
    const stack = await startTestStack({ logLevel: 'warn', imports: { startRunner: false } });
    try {
      const text = Array.from({ length: MOVE_MAX_ROWS }, (_unused, n) => `lead-${n}@bench-list.test`).join(
        '\n',
      );
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const started = performance.now();
      const response = await stack.api.inject({
        method: 'POST',
        url: '/api/moves',
        payload: { target: 'Canada', kind: 'email', text },
      });
      const took = performance.now() - started;
      delay.disable();
      if (response.statusCode !== 201) throw new Error(`HTTP ${response.statusCode} ${response.body}`);
      const job = response.json<{ total: number }>();
      return [
        `${job.total.toLocaleString('en')} rows (${(text.length / 1e6).toFixed(1)} MB) stored in ${(took / 1000).toFixed(1)} s`,
        `event loop delay meanwhile: p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms, max ${(delay.max / 1e6).toFixed(0)} ms`,
      ];
    } finally {
      await stack.close();
    }
  },
};
