// Issue 12: three replicas sharing one Marketo instance through Redis. The same burst of lead lookups goes to one
// replica, then is spread over three replicas in front of one emulator and one redis-server; each run reports the
// identity calls, the most calls the emulator saw in a rolling 20 s against the budget, 606/615 refusals, and the
// lookups' p50/p99 through the proxy. Every replica is configured with the instance's whole budget, so only the
// shared one keeps three of them within it.
import { startEmulator } from '../../server/emulator/index';
import { emulatorControl } from '../../server/emulator/test-helpers';
import type { MarketoCoordination } from '../../server/marketo/coordination';
import { startRedisCoordination } from '../../server/marketo/shared/redis-coordination';
import { startTestRedis, type TestRedis } from '../../server/testing/redis-server';
import { startTestStack, type TestStack } from '../../server/test-helpers';
import { ms, quantile, type Benchmark } from './benchmark';

const LOOKUPS = 150;
const CALLS_PER_20S = 100;
const MAX_CONCURRENT = 5;

interface RunResult {
  identityCalls: number;
  maxCallsIn20s: number;
  refusals: number;
  failed: number;
  p50: number;
  p99: number;
}

/** `replicaCount` stacks on one emulator (and, for more than one, one Redis), then one burst spread over them. */
async function burst(replicaCount: number, redis: TestRedis): Promise<RunResult> {
  const emulator = await startEmulator({
    port: 0,
    config: { callsPer20s: CALLS_PER_20S, maxConcurrent: 10 },
  });
  const coordinations: MarketoCoordination[] = [];
  const replicas: TestStack[] = [];
  try {
    // One prefix for all replicas of this run: they share its keys, and no earlier run's.
    const prefix = `${redis.prefix}bench-${replicaCount}:`;
    for (let i = 0; i < replicaCount; i++) {
      const coordination =
        replicaCount > 1 ? await startRedisCoordination({ url: redis.url, prefix }) : undefined;
      if (coordination) coordinations.push(coordination);
      replicas.push(
        await startTestStack({
          sharedEmulator: emulator,
          listen: true,
          logLevel: 'warn',
          client: {
            callsPer20s: CALLS_PER_20S,
            maxConcurrent: MAX_CONCURRENT,
            deadlineMs: 90_000,
            ...(coordination ? { coordination } : {}),
          },
        }),
      );
    }
    const control = emulatorControl(emulator.origin);
    const ids = (await control.leads()).map((lead) => lead.id).slice(0, 50);
    const times: number[] = [];
    let failed = 0;
    await Promise.all(
      Array.from({ length: LOOKUPS }, async (_, i) => {
        const replica = replicas[i % replicaCount]!;
        const started = performance.now();
        const response = await fetch(`${replica.origin!}/api/leads/${ids[i % ids.length]!}`, {
          headers: replica.api.headers,
        });
        await response.arrayBuffer();
        times.push(performance.now() - started);
        if (response.status !== 200) failed++;
      }),
    );
    const stats = await control.stats();
    return {
      identityCalls: stats.identityCalls,
      maxCallsIn20s: stats.maxCallsIn20s,
      refusals: (stats.errorsByCode['606'] ?? 0) + (stats.errorsByCode['615'] ?? 0),
      failed,
      p50: quantile(times, 0.5),
      p99: quantile(times, 0.99),
    };
  } finally {
    for (const replica of replicas) await replica.close();
    for (const coordination of coordinations) await coordination.close();
    await emulator.close();
  }
}

export const benchmark: Benchmark = {
  name: 'three replicas, one Marketo budget',
  async run() {
    const redis = await startTestRedis();
    try {
      const one = await burst(1, redis);
      const three = await burst(3, redis);
      const within = three.maxCallsIn20s <= CALLS_PER_20S && three.refusals === 0 && three.failed === 0;
      return [
        `${LOOKUPS} concurrent lookups, budget ${CALLS_PER_20S} calls per 20 s and ${MAX_CONCURRENT} in flight`,
        `                     one replica   three replicas (Redis)`,
        `identity calls       ${pad(one.identityCalls)}${three.identityCalls}`,
        `max calls in 20 s    ${pad(one.maxCallsIn20s)}${three.maxCallsIn20s}  (budget ${CALLS_PER_20S})`,
        `606/615 refusals     ${pad(one.refusals)}${three.refusals}`,
        `failed lookups       ${pad(one.failed)}${three.failed}`,
        `lookup p50           ${pad(ms(one.p50))}${ms(three.p50)}`,
        `lookup p99           ${pad(ms(one.p99))}${ms(three.p99)}`,
        `${within && three.identityCalls === 1 ? 'PASS' : 'FAIL'} three replicas stay within one instance's budget with one identity call`,
      ];
    } finally {
      await redis.close();
    }
  },
};

function pad(value: number | string): string {
  return String(value).padEnd(14);
}
