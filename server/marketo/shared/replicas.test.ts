// Three proxy replicas (each its own app, Marketo client and console database) in front of ONE emulator and ONE
// real redis-server, as a team runs them behind a load balancer. Each replica is configured with Marketo's whole
// instance limit (100 calls per 20 s, the emulator's too): only a shared budget keeps the three within it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/index';
import { emulatorControl } from '../../emulator/test-helpers';
import { sqliteBinding } from '../../store/sqlite-binding';
import { startTestRedis, type TestRedis } from '../../testing/redis-server';
import { startTestStack, type TestStack } from '../../test-helpers';
import type { MarketoCoordination } from '../coordination';
import { startRedisCoordination } from './redis-coordination';

const INSTANCE_CALLS_PER_20S = 100;
const INSTANCE_MAX_CONCURRENT = 10;

let redis: TestRedis;
let emulator: RunningEmulator;
let folder: string;
const coordinations: MarketoCoordination[] = [];
const replicas: TestStack[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  folder = mkdtempSync(join(tmpdir(), 'pc-replicas-'));
  // On a file, so the test can change Marketo's partitions behind the replicas' backs.
  emulator = await startEmulator({
    port: 0,
    dbFile: join(folder, 'emulator.sqlite'),
    config: { callsPer20s: INSTANCE_CALLS_PER_20S, maxConcurrent: INSTANCE_MAX_CONCURRENT },
  });
  for (let i = 0; i < 3; i++) {
    const coordination = await startRedisCoordination({ url: redis.url, prefix: redis.prefix });
    coordinations.push(coordination);
    replicas.push(
      await startTestStack({
        sharedEmulator: emulator,
        client: {
          coordination,
          callsPer20s: INSTANCE_CALLS_PER_20S,
          maxConcurrent: 5,
          // The last lookups of the burst wait one full window in the queue by design.
          deadlineMs: 90_000,
        },
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  for (const replica of replicas) await replica.close();
  for (const coordination of coordinations) await coordination.close();
  await emulator.close();
  await redis.close();
  rmSync(folder, { recursive: true, force: true });
});

const control = () => emulatorControl(emulator.origin);

describe('three replicas sharing one Marketo through Redis', () => {
  it('spread 150 concurrent lookups with one identity call, within the budget, and no 606 or 615', async () => {
    const ids = (await control().leads()).map((lead) => lead.id).slice(0, 50);
    expect(ids.length).toBeGreaterThan(0);
    const lookups = Array.from({ length: 150 }, (_, i) =>
      replicas[i % 3]!.api.inject(`/api/leads/${ids[i % ids.length]!}`),
    );
    const answers = await Promise.all(lookups);
    expect(answers.map((answer) => answer.statusCode)).toEqual(answers.map(() => 200));
    const stats = await control().stats();
    expect(stats.identityCalls).toBe(1);
    expect(stats.maxCallsIn20s).toBeLessThanOrEqual(INSTANCE_CALLS_PER_20S);
    expect(stats.maxConcurrent).toBeLessThanOrEqual(5);
    expect(stats.errorsByCode['606']).toBeUndefined();
    expect(stats.errorsByCode['615']).toBeUndefined();
  }, 120_000);

  it('shows every replica the partitions a ?refresh=1 on one of them loaded', async () => {
    const descriptionOn = async (replica: TestStack) => {
      const answer = await replica.api.inject('/api/partitions');
      const { partitions } = answer.json<{ partitions: { id: number; description?: string }[] }>();
      return partitions.find((partition) => partition.id === 2)?.description;
    };
    const before = await descriptionOn(replicas[1]!);
    const marketo = new Database(join(folder, 'emulator.sqlite'), sqliteBinding());
    marketo.prepare('UPDATE partitions SET description = ? WHERE id = 2').run('Renamed in Marketo');
    marketo.close();
    expect(await descriptionOn(replicas[2]!)).toBe(before);
    const refreshed = await replicas[0]!.api.inject('/api/partitions?refresh=1');
    expect(refreshed.statusCode).toBe(200);
    expect(await descriptionOn(replicas[1]!)).toBe('Renamed in Marketo');
    expect(await descriptionOn(replicas[2]!)).toBe('Renamed in Marketo');
  });

  it('shows every replica that the daily quota is used up once one of them got a 607', async () => {
    const [id] = (await control().leads()).map((lead) => lead.id);
    const exhaustedOn = async (replica: TestStack) =>
      (await replica.api.inject('/api/status')).json<{ usage: { dailyQuotaExhausted: boolean } }>().usage
        .dailyQuotaExhausted;
    expect(await exhaustedOn(replicas[1]!)).toBe(false);
    await control().injectFault({ code: '607', path: '/rest/v1/lead/' });
    const refused = await replicas[0]!.api.inject(`/api/leads/${id!}`);
    expect(refused.json()).toMatchObject({ error: { code: 'quota_exhausted' } });
    expect(await exhaustedOn(replicas[1]!)).toBe(true);
    expect(await exhaustedOn(replicas[2]!)).toBe(true);
  });

  it.skipIf(process.env.TEST_REDIS_URL)(
    'answers 503 coordination_unavailable while Redis is away, and serves again once it is back',
    async () => {
      const [id] = (await control().leads()).map((lead) => lead.id);
      const callsBefore = (await control().stats()).calls;
      await redis.stop();
      for (const replica of replicas) {
        const answer = await replica.api.inject(`/api/leads/${id!}`);
        expect(answer.statusCode).toBe(503);
        expect(answer.json()).toMatchObject({ error: { code: 'coordination_unavailable' } });
        expect(answer.body).not.toContain(redis.url);
      }
      // Nothing reached Marketo on a private budget meanwhile.
      expect((await control().stats()).calls).toBe(callsBefore);
      await redis.restart();
      for (const replica of replicas) {
        // Each replica reconnects by itself; until then its answer stays the same 503.
        for (;;) {
          const answer = await replica.api.inject(`/api/leads/${id!}`);
          if (answer.statusCode === 200) break;
          expect(answer.json()).toMatchObject({ error: { code: 'coordination_unavailable' } });
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
    60_000,
  );
});
