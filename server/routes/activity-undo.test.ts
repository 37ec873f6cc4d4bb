// Undoing a single move from its Activity entry, over real HTTP against the emulator: only leads still where the
// move put them go back, a lead moved since is listed and left alone, one undo per entry however many ask at once,
// only the mover or an admin undoes, a reader without the entry's partitions finds nothing, a bulk move's chunk
// is never undone on its own, and the 30 days end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPage } from '../contract/activity';
import type { EntryUndo, MoveJob } from '../contract/moves';
import { finishedMove, moveRows, partitionsOf, previewMove, seedLeads } from '../moves/test-support';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

const [DEFAULT, MEXICO, CANADA] = [1, 2, 3];
const DAY_MS = 24 * 3600_000;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

/** Moves `ids` to `partitionName` as `client`; answers the Activity entry it made. */
async function singleMove(client: ApiClient, ids: number[], partitionName: string): Promise<number> {
  const moved = await client.inject({
    method: 'POST',
    url: '/api/leads/partition',
    payload: { ids, partitionName },
  });
  expect(moved.statusCode, moved.body).toBe(200);
  const page = (await client.inject('/api/activity?action=lead.move')).json<ActivityPage>();
  const entry = page.entries.find((candidate) => !candidate.importJob)!;
  expect(entry.leads.map((lead) => lead.leadId)).toEqual(ids);
  return entry.id;
}

const undoOf = (client: ApiClient, entryId: number) => client.inject(`/api/activity/${entryId}/undo`);
const undo = (client: ApiClient, entryId: number) =>
  client.inject({ method: 'POST', url: `/api/activity/${entryId}/undo` });

describe('undoing a single move from Activity', () => {
  it('moves back only the leads still where the move put them, once, for its mover', async () => {
    const ids = await seedLeads(stack, 3, 'entry-undo.test', 'Mexico');
    const mover = await stack.signIn({ role: 'editor', partitions: [MEXICO, CANADA] });
    const entryId = await singleMove(mover, ids, 'Canada');
    const entry = (await mover.inject('/api/activity?action=lead.move')).json<ActivityPage>().entries[0]!;
    expect(entry.leads.map(({ from, to }) => ({ from, to }))).toEqual(
      ids.map(() => ({ from: 'Mexico', to: 'Canada' })),
    );

    const open = (await undoOf(mover, entryId)).json<EntryUndo>();
    expect(open.undoneBy).toBeNull();
    expect(Date.parse(open.undoUntil!)).toBe(Date.parse(entry.at) + 30 * DAY_MS);

    // Someone else moved the third lead on since: it is listed, never moved back.
    await stack.marketo.updateLeadPartition([{ id: ids[2]!, partitionName: 'Default' }]);

    // Neither a viewer, nor another editor, nor a reader without Canada may undo it.
    const viewer = await stack.signIn({ role: 'viewer', partitions: 'all' });
    expect((await undo(viewer, entryId)).statusCode).toBe(403);
    const other = await stack.signIn({ role: 'editor', partitions: [MEXICO, CANADA] });
    expect((await undo(other, entryId)).json()).toMatchObject({ error: { code: 'forbidden' } });
    const mexicoOnly = await stack.signIn({ role: 'admin', partitions: [MEXICO] });
    expect((await undoOf(mexicoOnly, entryId)).statusCode).toBe(404);
    expect((await undo(mexicoOnly, entryId)).statusCode).toBe(404);

    // Two undos asked at once: one job.
    const [first, second] = await Promise.all([undo(mover, entryId), undo(mover, entryId)]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([201, 409]);
    const job = (first.statusCode === 201 ? first : second).json<MoveJob>();
    expect(job).toMatchObject({ undoOfEntry: entryId, undoOf: null, target: 'Canada', total: 3 });

    const finished = await finishedMove(mover, job.id);
    expect(finished.counts).toEqual({ moved: 2, skipped: 1 });
    const partitions = await partitionsOf(stack);
    expect(ids.map((id) => partitions.get(id))).toEqual([MEXICO, MEXICO, DEFAULT]);
    const skipped = await moveRows(mover, job.id, 'skipped');
    expect(skipped.map((row) => row.leadId)).toEqual([ids[2]]);

    expect((await undoOf(mover, entryId)).json()).toEqual({ undoUntil: null, undoneBy: job.id });
    const again = await undo(mover, entryId);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { reason: 'move_undo_running' } });
    // The undo is a move job like any other: its own page says what it undoes, and it is not undone in turn.
    expect((await mover.inject(`/api/moves/${job.id}`)).json<MoveJob>()).toMatchObject({
      undoOfEntry: entryId,
      undoUntil: null,
    });
  }, 60_000);

  it('never undoes a chunk of a bulk move on its own, nor an entry that is not a move', async () => {
    const ids = await seedLeads(stack, 2, 'entry-undo-bulk.test', 'Mexico');
    const job = await previewMove(stack.api, { target: 'Canada', kind: 'id', text: ids.join('\n') });
    await stack.api.inject({ method: 'POST', url: `/api/moves/${job.id}/start` });
    await finishedMove(stack.api, job.id);
    const page = (await stack.api.inject('/api/activity?action=lead.move')).json<ActivityPage>();
    const bulk = page.entries.find((entry) => entry.importJob?.id === job.id)!;
    expect((await undoOf(stack.api, bulk.id)).statusCode).toBe(404);
    expect((await undo(stack.api, bulk.id)).statusCode).toBe(404);

    const writes = (await stack.api.inject('/api/activity?action=lead.write')).json<ActivityPage>();
    const write = writes.entries[0];
    if (write) expect((await undo(stack.api, write.id)).statusCode).toBe(404);
    expect((await undo(stack.api, 999_999_999)).statusCode).toBe(404);
    expect((await undo(stack.api, 0)).json()).toMatchObject({ error: { code: 'bad_request' } });
  }, 60_000);

  it('ends 30 days after the move', async () => {
    const ids = await seedLeads(stack, 1, 'entry-undo-late.test', 'Mexico');
    const entryId = await singleMove(stack.api, ids, 'Canada');
    stack.advanceClock(30 * DAY_MS + 1);
    const admin = await stack.signIn({ role: 'admin', partitions: 'all' });
    expect((await undoOf(admin, entryId)).json()).toEqual({ undoUntil: null, undoneBy: null });
    const late = await undo(admin, entryId);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: { reason: 'move_undo_entry_closed' } });
    expect((await partitionsOf(stack)).get(ids[0]!)).toBe(CANADA);
  }, 60_000);
});
