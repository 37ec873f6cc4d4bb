// The shared rate budget against a real redis-server: several budgets (one connection each, as in several
// replicas) on one Redis share one window and one concurrency cap, keep their lanes, hold off together, free a
// dead replica's slot when its lease lapses, and fail fast while Redis is away, then resume.
import { setMaxListeners } from 'node:events';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRedis, type TestRedis } from '../../testing/redis-server';
import type { CallPriority } from '../rate-budget';
import { BudgetScript } from './budget-script';
import { CoordinationUnavailableError } from './coordination-error';
import { connectRedis, whenReady } from './redis-connection';
import { SharedRateBudget, type SharedRateBudgetOptions } from './shared-budget';

let server: TestRedis;
const connections: Redis[] = [];
let prefixes = 0;

beforeAll(async () => {
  server = await startTestRedis();
});
afterAll(async () => {
  for (const connection of connections) connection.disconnect();
  await server.close();
});

/** `count` budgets, each on its own connection, sharing one fresh key prefix: replicas of one console. */
async function replicas(count: number, options: SharedRateBudgetOptions) {
  const prefix = `${server.prefix}budget-${++prefixes}:`;
  return Promise.all(
    Array.from({ length: count }, async () => {
      const redis = connectRedis({ url: server.url, prefix });
      connections.push(redis);
      expect(await whenReady(redis)).toBe(true);
      return { redis, budget: new SharedRateBudget(redis, options) };
    }),
  );
}

function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('SharedRateBudget', () => {
  it('lets three replicas start no more than the window allows between them', async () => {
    const budgets = await replicas(3, { callsPerWindow: 10, maxConcurrent: 10, windowMs: 60_000 });
    const abort = new AbortController();
    setMaxListeners(30, abort.signal);
    let started = 0;
    const tenDone = gate();
    const runs = Array.from({ length: 30 }, (_, i) =>
      budgets[i % 3]!.budget.run(() => {
        started++;
        if (started === 10) tenDone.open();
        return Promise.resolve();
      }, abort.signal),
    );
    await tenDone.opened;
    // The window is full for a minute: whatever still waits must be waiting, never started.
    abort.abort(new Error('test over'));
    const results = await Promise.allSettled(runs);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
    expect(started).toBe(10);
    // The snapshot is synchronous: it answers the count last seen and fetches the shared one behind.
    await vi.waitFor(() => {
      for (const { budget } of budgets) expect(budget.snapshot().callsInWindow).toBe(10);
    });
  });

  it('never runs more than the concurrency cap across replicas', async () => {
    const budgets = await replicas(3, { callsPerWindow: 1000, maxConcurrent: 3 });
    let active = 0;
    let most = 0;
    const runs = Array.from({ length: 60 }, (_, i) =>
      budgets[i % 3]!.budget.run(async () => {
        active++;
        most = Math.max(most, active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
      }),
    );
    await Promise.all(runs);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('starts queued calls by lane: urgent, then ordinary, then background', async () => {
    const { budget } = (await replicas(1, { callsPerWindow: 100, maxConcurrent: 1 }))[0]!;
    const blocker = gate();
    const holding = budget.run(() => blocker.opened);
    const order: CallPriority[] = [];
    const lanes: CallPriority[] = ['background', 'ordinary', 'urgent', 'background', 'ordinary'];
    const queued = lanes.map((lane) =>
      budget.run(
        () => {
          order.push(lane);
          return Promise.resolve();
        },
        undefined,
        lane,
      ),
    );
    blocker.open();
    await Promise.all([holding, ...queued]);
    expect(order).toEqual(['urgent', 'ordinary', 'ordinary', 'background', 'background']);
  });

  it('keeps a free slot from the background lane while any replica has an interactive call waiting', async () => {
    const [importer, console] = await replicas(2, { callsPerWindow: 100, maxConcurrent: 1 });
    const limits = { countedWindowMs: 20_500, callsPerWindow: 100, maxConcurrent: 1, leaseMs: 15_000 };
    const script = (redis: Redis) => new BudgetScript(redis, { ...limits, interactiveWaitMs: 60_000 });
    const importerScript = script(importer!.redis);
    const consoleScript = script(console!.redis);
    expect(await importerScript.acquire('held', 'background')).toMatchObject({ granted: true });
    // Every slot taken: the console's lookup is refused, and says so to every replica.
    expect(await consoleScript.acquire('lookup-1', 'interactive')).toMatchObject({
      granted: false,
      waitMs: 'slot',
    });
    await importerScript.release('held');
    // The slot is free, but the lookup is waiting for it: the import chunk is refused, the lookup is not.
    expect(await importerScript.acquire('chunk-1', 'background')).toMatchObject({ granted: false });
    expect(await consoleScript.acquire('lookup-2', 'interactive')).toMatchObject({ granted: true });
  });

  it('holds every replica off after one of them saw a full window', async () => {
    const [a, b] = await replicas(2, { callsPerWindow: 100, maxConcurrent: 5 });
    const heldAt = Date.now();
    a!.budget.holdOff(400);
    // holdOff is fire-and-forget; a round trip on the same connection orders it before b's first ask.
    await a!.redis.ping();
    const startedAt = await b!.budget.run(() => Promise.resolve(Date.now()));
    expect(startedAt - heldAt).toBeGreaterThanOrEqual(350);
  });

  it('frees the slot of a replica that died mid-call once its lease lapses', async () => {
    const [dying, survivor] = await replicas(2, { callsPerWindow: 100, maxConcurrent: 1, leaseMs: 300 });
    const started = gate();
    // Never settles: the replica dies while its call is in flight, and cannot release or renew the slot.
    void dying!.budget.run(() => {
      started.open();
      return new Promise<never>(() => {});
    });
    await started.opened;
    dying!.redis.disconnect();
    expect(await survivor!.budget.run(() => Promise.resolve('ran'))).toBe('ran');
  });

  it.skipIf(process.env.TEST_REDIS_URL)(
    'fails calls while Redis is away, and takes calls again once it is back',
    async () => {
      const { redis, budget } = (await replicas(1, { callsPerWindow: 100, maxConcurrent: 2 }))[0]!;
      await server.stop();
      await expect(budget.run(() => Promise.resolve('sent'))).rejects.toBeInstanceOf(
        CoordinationUnavailableError,
      );
      await server.restart();
      // The connection comes back by itself; until it has, calls keep failing fast rather than queueing.
      for (;;) {
        const outcome = await budget.run(() => Promise.resolve('sent')).catch((error: unknown) => error);
        if (outcome === 'sent') break;
        expect(outcome).toBeInstanceOf(CoordinationUnavailableError);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(redis.status).toBe('ready');
    },
  );
});
