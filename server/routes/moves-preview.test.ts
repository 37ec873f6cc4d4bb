// Bulk move preview and grants over real HTTP against the emulator: what the counts say, what an ambiguous email
// offers, and that a user never moves or learns about a lead outside their grants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MoveJob } from '../contract/moves';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';
import { finishedMove, moveRows, partitionsOf, previewMove, seedLeads } from '../moves/test-support';

let stack: TestStack;
let mexico: number[];
let canada: number[];
let secret: number[];

beforeAll(async () => {
  stack = await startTestStack({ imports: { reservedCalls: 0 } });
  mexico = await seedLeads(stack, 5, 'mx.preview.test', 'Mexico');
  canada = await seedLeads(stack, 2, 'ca.preview.test', 'Canada');
  // Out of reach for the Mexico/Canada editor: in Default.
  secret = await seedLeads(stack, 2, 'df.preview.test', 'Default');
  // Two leads with one email: one in Mexico, one in Canada; and one shared by Mexico and Default.
  for (const [partition, email] of [
    ['Mexico', 'twin@preview.test'],
    ['Canada', 'twin@preview.test'],
    ['Mexico', 'half@preview.test'],
    ['Default', 'half@preview.test'],
  ] as const) {
    await stack.marketo.syncLeads({
      action: 'createDuplicate',
      lookupField: 'email',
      partitionName: partition,
      input: [{ email }],
    });
  }
});
afterAll(async () => {
  await stack.close();
});

const editorOf = (partitions: number[]) => stack.signIn({ role: 'editor', partitions });

describe('bulk move preview', () => {
  it('counts per source, not found, ambiguous, already in target; an out-of-reach lead reads as not found', async () => {
    const editor = await editorOf([2, 3]);
    const text = [
      'email',
      'lead-0@mx.preview.test',
      'LEAD-1@mx.preview.test',
      'lead-1@mx.preview.test', // the same email again
      'lead-0@ca.preview.test', // already in Canada
      'lead-0@df.preview.test', // Default: out of reach
      'nobody@preview.test',
      'twin@preview.test',
      'half@preview.test', // only its Mexico lead is in reach
      'not an email',
    ].join('\n');
    const job = await previewMove(editor, { target: 'Canada', kind: 'email', text });
    expect(job).toMatchObject({
      state: 'previewed',
      total: 9,
      counts: { ready: 3, duplicate: 1, in_target: 1, not_found: 2, ambiguous: 1, invalid: 1 },
      bySource: [{ partition: 'Mexico', count: 3 }],
    });
    const rows = await moveRows(editor, job.id);
    const byValue = new Map(rows.map((row) => [row.value, row]));
    // Not found and out of reach are the same row to the user: no id, no partition, no reason.
    expect(byValue.get('lead-0@df.preview.test')).toEqual({
      row: 5,
      value: 'lead-0@df.preview.test',
      status: 'not_found',
    });
    expect(byValue.get('nobody@preview.test')).toEqual({
      row: 6,
      value: 'nobody@preview.test',
      status: 'not_found',
    });
    const twin = byValue.get('twin@preview.test');
    expect(twin?.status).toBe('ambiguous');
    expect(twin?.candidates?.map((c) => c.partition).sort()).toEqual(['Canada', 'Mexico']);
    expect(byValue.get('half@preview.test')).toMatchObject({ status: 'ready', from: 'Mexico' });
    expect(JSON.stringify(rows)).not.toContain('Default');
    expect(JSON.stringify(rows)).not.toContain(String(secret[0]));

    // The user picks the twin in Mexico; then the move runs and moves exactly the ready leads.
    const pick = twin!.candidates!.find((c) => c.partition === 'Mexico')!;
    const chosen = await editor.inject({
      method: 'POST',
      url: `/api/moves/${job.id}/choices`,
      payload: { row: twin!.row, leadId: pick.id },
    });
    const counts = chosen.json<MoveJob>().counts;
    expect(counts.ready).toBe(4);
    expect(counts.ambiguous).toBeUndefined();
    expect((await editor.inject({ method: 'POST', url: `/api/moves/${job.id}/start` })).statusCode).toBe(200);
    const done = await finishedMove(editor, job.id);
    expect(done.counts).toMatchObject({ moved: 4 });
    const where = await partitionsOf(stack);
    expect([mexico[0], mexico[1], pick.id].map((id) => where.get(id!))).toEqual([3, 3, 3]);
    expect(where.get(secret[0]!)).toBe(1);
    // The download lists every row with its status.
    const csv = await editor.inject(`/api/moves/${job.id}/results.csv`);
    expect(csv.body.split('\r\n').filter((line) => line !== '')).toHaveLength(10);
    expect(csv.body).toContain('"lead-0@mx.preview.test"');
  });

  it('a list of only invalid values is previewed without a lookup, with nothing to start', async () => {
    const before = (await stack.control.stats()).calls;
    const job = await previewMove(stack.api, { target: 'Canada', kind: 'id', text: 'abc\n-4\n0' });
    expect(job.counts).toEqual({ invalid: 3 });
    expect((await stack.control.stats()).calls).toBe(before);
    const start = await stack.api.inject({ method: 'POST', url: `/api/moves/${job.id}/start` });
    expect(start.statusCode).toBe(200);
    expect((await finishedMove(stack.api, job.id)).state).toBe('completed');
  });

  it('by id: a lead out of reach, a missing id and one already in the target', async () => {
    const editor = await editorOf([2, 3]);
    const text = [mexico[2], secret[1], 999_999_999, canada[1], 'x1'].join('\n');
    const job = await previewMove(editor, { target: 'Canada', kind: 'id', text });
    expect(job.counts).toEqual({ ready: 1, not_found: 2, in_target: 1, invalid: 1 });
    const [outOfReach, missing] = (await moveRows(editor, job.id, 'not_found')).map(
      ({ row: _row, value: _value, ...rest }) => rest,
    );
    expect(outOfReach).toEqual(missing);
  });
});

describe('bulk move grants', () => {
  let mexicoOnly: ApiClient;
  beforeAll(async () => {
    mexicoOnly = await editorOf([2]);
  });

  it('refuses a target outside the grants exactly as a partition that does not exist', async () => {
    const real = await mexicoOnly.inject({
      method: 'POST',
      url: '/api/moves',
      payload: { target: 'Canada', kind: 'id', text: String(mexico[3]) },
    });
    const none = await mexicoOnly.inject({
      method: 'POST',
      url: '/api/moves',
      payload: { target: 'Atlantis', kind: 'id', text: String(mexico[3]) },
    });
    expect(real.statusCode).toBe(403);
    expect(none.statusCode).toBe(403);
    expect(real.json()).toEqual(none.json());
  });

  it('never moves a lead from a source the user is not granted', async () => {
    // Into Mexico (granted), from Canada (not granted): the Canada lead reads as not found and stays.
    const job = await previewMove(mexicoOnly, { target: 'Mexico', kind: 'id', text: String(canada[0]) });
    expect(job.counts).toEqual({ not_found: 1 });
    expect(job.bySource).toEqual([]);
    await mexicoOnly.inject({ method: 'POST', url: `/api/moves/${job.id}/start` });
    const done = await finishedMove(mexicoOnly, job.id);
    expect(done.counts).toEqual({ not_found: 1 });
    expect((await partitionsOf(stack)).get(canada[0]!)).toBe(3);
  });

  it('a viewer cannot move; another editor cannot see or start the job', async () => {
    const viewer = await stack.signIn({ role: 'viewer', partitions: [2, 3] });
    const refused = await viewer.inject({
      method: 'POST',
      url: '/api/moves',
      payload: { target: 'Canada', kind: 'id', text: String(mexico[4]) },
    });
    expect(refused.statusCode).toBe(403);
    const owner = await editorOf([2, 3]);
    const job = await previewMove(owner, { target: 'Canada', kind: 'id', text: String(mexico[4]) });
    const other = await editorOf([2, 3]);
    expect((await other.inject(`/api/moves/${job.id}`)).statusCode).toBe(404);
    expect((await other.inject(`/api/moves/${job.id}/rows`)).statusCode).toBe(404);
    expect((await other.inject({ method: 'POST', url: `/api/moves/${job.id}/start` })).statusCode).toBe(404);
    expect((await viewer.inject(`/api/moves/${job.id}`)).statusCode).toBe(404);
    expect((await partitionsOf(stack)).get(mexico[4]!)).toBe(2);
  });

  it('a lead moved out of reach between the preview and the start is not moved, and reads as not found', async () => {
    const editor = await editorOf([2, 3]);
    const [away, stays] = await seedLeads(stack, 2, 'race.preview.test', 'Mexico');
    const job = await previewMove(editor, { target: 'Canada', kind: 'id', text: `${away}\n${stays}` });
    expect(job.counts).toEqual({ ready: 2 });
    // Meanwhile an admin moves one of them to Default, outside the editor's grants.
    await stack.api.inject({
      method: 'POST',
      url: '/api/leads/partition',
      payload: { ids: [away], partitionName: 'Default' },
    });
    await editor.inject({ method: 'POST', url: `/api/moves/${job.id}/start` });
    const done = await finishedMove(editor, job.id);
    expect(done.counts).toEqual({ moved: 1, skipped: 1 });
    const skipped = (await moveRows(editor, job.id, 'skipped'))[0];
    expect(skipped?.reason).toEqual({ code: '1004', message: 'Lead not found' });
    expect(JSON.stringify(await moveRows(editor, job.id))).not.toContain('Default');
    const where = await partitionsOf(stack);
    expect([where.get(away!), where.get(stays!)]).toEqual([1, 3]);
  });

  it('a grant lost after the preview stops the job before any lead moves', async () => {
    const editor = await editorOf([2, 3]);
    const job = await previewMove(editor, { target: 'Canada', kind: 'id', text: String(mexico[4]) });
    await stack.access.users.update(editor.user.id, { partitions: [2] });
    await editor.inject({ method: 'POST', url: `/api/moves/${job.id}/start` });
    const done = await finishedMove(editor, job.id);
    expect(done.state).toBe('failed');
    expect(done.counts).toEqual({ cancelled: 1 });
    expect((await partitionsOf(stack)).get(mexico[4]!)).toBe(2);
  });
});
