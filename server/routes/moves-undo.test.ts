// Undoing a bulk move over real HTTP: leads still where the move put them go back, leads moved since are listed
// and left alone; the move and its undo each read as one Activity item linked to its job. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPage } from '../contract/activity';
import type { LeadHistoryResponse } from '../contract/lead-history';
import type { MoveJob } from '../contract/moves';
import { startTestStack, type TestStack } from '../test-helpers';
import { testDatabaseUrl } from '../testing/test-database';
import { finishedMove, moveRows, partitionsOf, previewMove, seedLeads } from '../moves/test-support';

describe.each(['sqlite', 'postgres'] as const)('on %s', (engine) => {
  let stack: TestStack;

  beforeAll(async () => {
    const databaseUrl = engine === 'postgres' ? await testDatabaseUrl() : undefined;
    stack = await startTestStack({ imports: { reservedCalls: 0 }, ...(databaseUrl ? { databaseUrl } : {}) });
  });
  afterAll(async () => {
    await stack.close();
  });

  async function movedJob(count: number, domain: string): Promise<{ job: MoveJob; ids: number[] }> {
    const ids = await seedLeads(stack, count, domain, 'Mexico');
    const preview = await previewMove(stack.api, { target: 'Canada', kind: 'id', text: ids.join('\n') });
    await stack.api.inject({ method: 'POST', url: `/api/moves/${preview.id}/start` });
    return { job: await finishedMove(stack.api, preview.id), ids };
  }

  describe('undo of a bulk move', () => {
    it('moves back only the leads still in the target; those changed since are listed and left alone', async () => {
      const { job, ids } = await movedJob(650, 'undo.test');
      expect(job).toMatchObject({
        state: 'completed',
        counts: { moved: 650 },
        undoUntil: expect.any(String) as unknown,
      });
      // Someone moves 40 of them on to Default meanwhile.
      const changed = ids.slice(100, 140);
      const single = await stack.api.inject({
        method: 'POST',
        url: '/api/leads/partition',
        payload: { ids: changed, partitionName: 'Default' },
      });
      expect(single.statusCode).toBe(200);

      const undone = await stack.api.inject({ method: 'POST', url: `/api/moves/${job.id}/undo` });
      expect(undone.statusCode).toBe(201);
      const undo = await finishedMove(stack.api, undone.json<MoveJob>().id);
      expect(undo).toMatchObject({ state: 'completed', undoOf: job.id, counts: { moved: 610, skipped: 40 } });
      const skipped = await moveRows(stack.api, undo.id, 'skipped');
      expect(skipped.map((row) => row.leadId).sort()).toEqual([...changed].sort());
      expect(skipped[0]?.reason?.code).toBe('changed');
      const where = await partitionsOf(stack);
      expect(ids.filter((id) => !changed.includes(id) && where.get(id) !== 2)).toEqual([]);
      expect(changed.filter((id) => where.get(id) !== 1)).toEqual([]);

      // The lead's history shows the move and its undo, each with its own source and target and the console user.
      const history = (await stack.api.inject(`/api/leads/${ids[0]}/history`)).json<LeadHistoryResponse>();
      const moves = history.events.filter(
        (event) => event.kind === 'moved' && event.recordedBy.includes('console'),
      );
      expect(moves.map((event) => [event.from, event.to, event.by?.email])).toEqual([
        ['Canada', 'Mexico', stack.api.user.email],
        ['Mexico', 'Canada', stack.api.user.email],
      ]);

      // Undone once: no second undo, and the undo itself cannot be undone.
      const again = await stack.api.inject({ method: 'POST', url: `/api/moves/${job.id}/undo` });
      expect(again.statusCode).toBe(409);
      expect((await stack.api.inject(`/api/moves/${job.id}`)).json<MoveJob>()).toMatchObject({
        undoneBy: undo.id,
        undoUntil: null,
      });
      expect((await stack.api.inject({ method: 'POST', url: `/api/moves/${undo.id}/undo` })).statusCode).toBe(
        409,
      );

      // Activity: the move is one item linked to its job, with each lead's source and target.
      const page = (await stack.api.inject('/api/activity?action=lead.move&limit=50')).json<ActivityPage>();
      const item = page.entries.find((entry) => entry.importJob?.id === job.id);
      expect(item?.importJob).toMatchObject({ jobVisible: true, statusCounts: { updated: 650 } });
      const first = item?.leadIds[0];
      expect(first).toBe(ids[0]);
      const undoItem = page.entries.find((entry) => entry.importJob?.id === undo.id);
      expect(undoItem?.importJob?.statusCounts).toEqual({ updated: 610, skipped: 40 });
      expect(undoItem?.leads.find((lead) => lead.status === 'skipped')).toMatchObject({
        from: 'Canada',
        to: 'Mexico',
      });
    });

    it('is refused after 30 days', async () => {
      const { job } = await movedJob(3, 'late-undo.test');
      stack.advanceClock(31 * 24 * 60 * 60 * 1000);
      try {
        // The first admin's session has long expired by then: a fresh one.
        const admin = await stack.signIn({ role: 'admin', email: stack.api.user.email });
        const late = await admin.inject(`/api/moves/${job.id}`);
        expect(late.statusCode, late.body).toBe(200);
        expect(late.json<MoveJob>().undoUntil).toBeNull();
        expect((await admin.inject({ method: 'POST', url: `/api/moves/${job.id}/undo` })).statusCode).toBe(
          409,
        );
      } finally {
        stack.advanceClock(-31 * 24 * 60 * 60 * 1000);
      }
    });
  });
});
