// Bulk moves through the runner against the emulator: every lead moved exactly once under injected faults, a
// chunk whose answer was lost settled by reading it back (never resent), and the calls a move costs.
import { afterEach, describe, expect, it } from 'vitest';
import type { MarketoApi, PartitionMove } from '../marketo/types';
import { testRunner } from '../imports/runner-test-support';
import { seededRandom, startTestStack, type TestStack } from '../test-helpers';
import { finishedMove, moveRows, partitionsOf, previewMove, seedLeads } from './test-support';

const stacks: TestStack[] = [];
afterEach(async () => {
  while (stacks.length > 0) await stacks.pop()!.close();
});

/**
 * The routes wake the stack's own runner; a test's runner of its own is woken here instead, so it takes a new job
 * or preview at once rather than at its next idle turn.
 */
function kept(handle: ReturnType<typeof testRunner>): ReturnType<typeof testRunner> {
  const timer = setInterval(() => handle.runner.wake(), 20);
  timers.push(timer);
  return handle;
}
const timers: NodeJS.Timeout[] = [];
afterEach(() => {
  while (timers.length > 0) clearInterval(timers.pop());
});

async function stackWith(options: Parameters<typeof startTestStack>[0] = {}): Promise<TestStack> {
  const stack = await startTestStack({ ...options, imports: { reservedCalls: 0, startRunner: false } });
  stacks.push(stack);
  return stack;
}

/** The client, counting per lead the moves Marketo answered (a call that threw is not counted). */
function countingMoves(
  stack: TestStack,
  answered: Map<number, number>,
  onCall?: (moves: PartitionMove[]) => Promise<void>,
): MarketoApi {
  const marketo = stack.marketo;
  return new Proxy(marketo, {
    get(target, property, receiver) {
      if (property === 'updateLeadPartitionTraced') {
        return async (...args: Parameters<MarketoApi['updateLeadPartitionTraced']>) => {
          await onCall?.(args[0]);
          const traced = await target.updateLeadPartitionTraced(...args);
          for (const move of args[0]) answered.set(move.id, (answered.get(move.id) ?? 0) + 1);
          return traced;
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('bulk move runner', () => {
  it('costs ceil(n/300) lookups to preview and ceil(n/300) moves to run, by id and by email', async () => {
    const stack = await stackWith();
    const { runner } = kept(testRunner(stack));
    runner.start();
    const ids = await seedLeads(stack, 1000, 'cost.test', 'Mexico');
    for (const kind of ['id', 'email'] as const) {
      const text = kind === 'id' ? ids.join('\n') : ids.map((_id, n) => `lead-${n}@cost.test`).join('\n');
      const target = kind === 'id' ? 'Canada' : 'Default';
      const before = (await stack.control.stats()).callsByPath;
      const job = await previewMove(stack.api, { target, kind, text });
      const previewed = (await stack.control.stats()).callsByPath;
      expect(job.counts).toEqual({ ready: 1000 });
      await stack.api.inject({ method: 'POST', url: `/api/moves/${job.id}/start` });
      expect((await finishedMove(stack.api, job.id)).counts).toEqual({ moved: 1000 });
      const after = (await stack.control.stats()).callsByPath;
      const delta = (from: Record<string, number>, to: Record<string, number>, path: string) =>
        (to[path] ?? 0) - (from[path] ?? 0);
      expect(delta(before, previewed, '/rest/v1/leads.json')).toBe(4);
      expect(delta(previewed, after, '/rest/v1/leads/partitions.json')).toBe(4);
      // An admin's move trusts its preview: no lookup while it runs.
      expect(delta(previewed, after, '/rest/v1/leads.json')).toBe(0);
    }
    await runner.stop();
  }, 60_000);

  it('moves 10,000 leads under 5 % each of 606, 611 and 602: each exactly once, none failed', async () => {
    const stack = await stackWith({
      emulatorRandom: seededRandom(14_2026),
      client: { windowMs: 500, maxAttempts: 8 },
      logLevel: 'debug',
    });
    const answered = new Map<number, number>();
    const { runner } = kept(testRunner(stack, { marketo: countingMoves(stack, answered) }));
    const ids = await seedLeads(stack, 10_000, 'faults.test', 'Mexico');
    for (const code of ['606', '611', '602'] as const) {
      await stack.control.injectFault({ code, probability: 0.05, path: '/rest/v1/leads' });
    }
    runner.start();
    const text = ids.map((_id, n) => `lead-${n}@faults.test`).join('\n');
    const job = await previewMove(stack.api, { target: 'Canada', kind: 'email', text });
    expect(job.counts).toEqual({ ready: 10_000 });
    await stack.api.inject({ method: 'POST', url: `/api/moves/${job.id}/start` });
    const done = await finishedMove(stack.api, job.id);
    await stack.control.clearFaults();
    await runner.stop();
    expect(done).toMatchObject({ state: 'completed', counts: { moved: 10_000 } });
    const where = await partitionsOf(stack);
    expect(ids.filter((id) => where.get(id) !== 3)).toEqual([]);
    expect(ids.filter((id) => answered.get(id) !== 1)).toEqual([]);
    // The faults really happened, on lookups and moves alike (the client logs each one it answered).
    const failed = stack.logs
      .map((line) => JSON.parse(line) as { msg?: string; code?: string; path?: string })
      .filter((line) => line.msg?.startsWith('marketo '));
    for (const code of ['606', '611', '602']) {
      expect(
        failed.filter((line) => line.code === code && line.path?.endsWith('partitions.json')).length,
      ).toBeGreaterThan(0);
    }
  }, 120_000);

  it('after a crash mid-chunk, a new runner settles that chunk by lookup and never resends it', async () => {
    const stack = await stackWith();
    const dying = dyingAt(stack, 3);
    const first = kept(testRunner(stack, { marketo: dying.marketo }));
    const ids = await seedLeads(stack, 1500, 'crash.test', 'Mexico');
    first.runner.start();
    const job = await previewMove(stack.api, { target: 'Canada', kind: 'id', text: ids.join('\n') });
    await stack.api.inject({ method: 'POST', url: `/api/moves/${job.id}/start` });
    await dying.died;
    // The first runner is stuck for good in its third call; a second one takes over, as after a restart.
    void first.runner.stop();
    const settledBefore = (await moveRows(stack.api, job.id, 'moved')).map((row) => row.leadId!);
    expect(settledBefore).toHaveLength(600);
    const resent = new Map<number, number>();
    const second = kept(testRunner(stack, { marketo: countingMoves(stack, resent) }));
    second.runner.start();
    const done = await finishedMove(stack.api, job.id);
    await second.runner.stop();
    expect(done).toMatchObject({ state: 'completed', counts: { moved: 1500 } });
    // Neither the two chunks answered before the crash nor the one in flight were sent again.
    const inFlight = ids.slice(600, 900);
    expect([...settledBefore, ...inFlight].filter((id) => resent.has(id))).toEqual([]);
    expect(ids.slice(900).filter((id) => resent.get(id) !== 1)).toEqual([]);
    expect(second.logs.some((line) => line.includes('bulk move chunk confirmed by lookup'))).toBe(true);
    const where = await partitionsOf(stack);
    expect(ids.filter((id) => where.get(id) !== 3)).toEqual([]);
  }, 60_000);

  it('a cancel stops the rows not yet sent; the chunk in flight still finishes and is recorded', async () => {
    const stack = await stackWith();
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    let second = () => undefined as void;
    const inFlight = new Promise<void>((resolve) => {
      second = resolve;
    });
    // The second move waits until the test lets it go, with the cancel made meanwhile.
    const marketo = countingMoves(stack, new Map(), async () => {
      calls += 1;
      if (calls === 2) {
        second();
        await held;
      }
    });
    const { runner } = kept(testRunner(stack, { marketo }));
    const ids = await seedLeads(stack, 1200, 'cancel.test', 'Mexico');
    runner.start();
    const job = await previewMove(stack.api, { target: 'Canada', kind: 'id', text: ids.join('\n') });
    await stack.api.inject({ method: 'POST', url: `/api/moves/${job.id}/start` });
    await inFlight;
    const cancelling = await stack.api.inject({ method: 'POST', url: `/api/moves/${job.id}/cancel` });
    expect(cancelling.json<{ state: string }>().state).toBe('cancelling');
    release();
    const done = await finishedMove(stack.api, job.id);
    await runner.stop();
    expect(done).toMatchObject({ state: 'cancelled', counts: { moved: 600, cancelled: 600 } });
    const where = await partitionsOf(stack);
    expect(ids.filter((id) => where.get(id) === 3)).toHaveLength(600);
  }, 60_000);

  it('a chunk lost in a crash is still settled by lookup when its owner lost the grant meanwhile', async () => {
    const stack = await stackWith();
    const editor = await stack.signIn({ role: 'editor', partitions: [2, 3] });
    const dying = dyingAt(stack, 2);
    const first = kept(testRunner(stack, { marketo: dying.marketo }));
    const ids = await seedLeads(stack, 900, 'lost-grant.test', 'Mexico');
    first.runner.start();
    const job = await previewMove(editor, { target: 'Canada', kind: 'id', text: ids.join('\n') });
    await editor.inject({ method: 'POST', url: `/api/moves/${job.id}/start` });
    await dying.died;
    void first.runner.stop();
    await stack.access.users.update(editor.user.id, { partitions: [2] });
    const resent = new Map<number, number>();
    const second = kept(testRunner(stack, { marketo: countingMoves(stack, resent) }));
    second.runner.start();
    const done = await finishedMove(editor, job.id);
    await second.runner.stop();
    // The chunk in flight did land: its leads are moved; the chunk never sent is cancelled with the job.
    expect(done).toMatchObject({ state: 'failed', counts: { moved: 600, cancelled: 300 } });
    expect(resent.size).toBe(0);
    const where = await partitionsOf(stack);
    expect(ids.slice(0, 600).filter((id) => where.get(id) !== 3)).toEqual([]);
    expect(ids.slice(600).filter((id) => where.get(id) !== 2)).toEqual([]);
  }, 60_000);
});

/**
 * The client, except that its `call`-th move reaches Marketo and then never answers, as if the process died
 * right after Marketo did the work; `died` resolves then.
 */
function dyingAt(stack: TestStack, call: number): { marketo: MarketoApi; died: Promise<void> } {
  let calls = 0;
  let dead = () => undefined as void;
  const died = new Promise<void>((resolve) => {
    dead = resolve;
  });
  const marketo = new Proxy(stack.marketo, {
    get(target, property, receiver) {
      if (property === 'updateLeadPartitionTraced') {
        return async (...args: Parameters<MarketoApi['updateLeadPartitionTraced']>) => {
          calls += 1;
          const traced = await target.updateLeadPartitionTraced(...args);
          if (calls < call) return traced;
          dead();
          return new Promise(() => undefined);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { marketo, died };
}
