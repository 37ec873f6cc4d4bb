// A bulk move made from an earlier job's results over real HTTP against the emulator: every row matching a filter,
// over all pages, read server-side into one job; only for a user who may see those rows; each lead still looked
// up within the user's grants, so a lead out of reach reads as not found and is never moved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorEnvelope } from '../contract/errors';
import type { ImportFile, ImportJob } from '../contract/imports';
import type { MoveJob } from '../contract/moves';
import { testDatabaseUrl } from '../testing/test-database';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';
import { finishedMove, moveRows, partitionsOf, seedLeads, untilState } from '../moves/test-support';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ imports: { reservedCalls: 0 } });
});
afterAll(async () => {
  await stack.close();
});

/** Uploads `csv`, imports it into `partitionName` and answers the finished job. */
async function importCsv(client: ApiClient, csv: string, partitionName: string): Promise<ImportJob> {
  const upload = await client.inject({
    method: 'POST',
    url: '/api/imports/files?name=select.csv',
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(upload.statusCode).toBe(201);
  const file = upload.json<ImportFile>();
  const created = await client.inject({
    method: 'POST',
    url: '/api/imports',
    payload: { fileId: file.id, partitionName, mapping: file.columns.map((c) => (c === 'email' ? c : null)) },
  });
  expect(created.statusCode).toBe(201);
  for (;;) {
    const job = (await client.inject(`/api/imports/${created.json<ImportJob>().id}`)).json<ImportJob>();
    if (['completed', 'failed', 'cancelled'].includes(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function moveFromResults(client: ApiClient, body: Record<string, unknown>) {
  return client.inject({ method: 'POST', url: '/api/moves/from-results', payload: body });
}

async function previewedFrom(client: ApiClient, body: Record<string, unknown>): Promise<MoveJob> {
  const created = await moveFromResults(client, body);
  expect(created.statusCode, created.body).toBe(201);
  return untilState(client, created.json<MoveJob>().id, ['previewed', 'failed']);
}

describe('a move from an import’s results', () => {
  it('takes every matching row over all pages into one job, by lead id, and moves exactly those', async () => {
    const editor = await stack.signIn({ role: 'editor', partitions: [2, 3] });
    const lines = Array.from({ length: 350 }, (_unused, n) => `many-${n}@select.test`);
    // Two rows the check skips: they must not join a move of the created rows.
    const job = await importCsv(
      editor,
      `email\n${[...lines, 'not an email', ''].join('\n')}\nx@@y\n`,
      'Mexico',
    );
    expect(job.counts).toMatchObject({ created: 350 });
    const created: number[] = [];
    for (let offset = 0; offset < 350; offset += 100) {
      const page = await editor.inject(`/api/imports/${job.id}/results?status=created&offset=${offset}`);
      created.push(...page.json<{ rows: { leadId: number }[] }>().rows.map((row) => row.leadId));
    }
    const move = await previewedFrom(editor, {
      from: 'import',
      jobId: job.id,
      status: 'created',
      target: 'Canada',
    });
    expect(move).toMatchObject({
      state: 'previewed',
      kind: 'id',
      total: 350,
      counts: { ready: 350 },
      bySource: [{ partition: 'Mexico', count: 350 }],
    });
    expect((await moveRows(editor, move.id)).map((row) => Number(row.value))).toEqual(created);
    expect((await editor.inject({ method: 'POST', url: `/api/moves/${move.id}/start` })).statusCode).toBe(
      200,
    );
    expect((await finishedMove(editor, move.id)).counts).toEqual({ moved: 350 });
    const where = await partitionsOf(stack);
    expect(created.every((id) => where.get(id) === 3)).toBe(true);

    // The moved rows of that move, moved again elsewhere: the same leads, one job.
    const back = await previewedFrom(editor, {
      from: 'move',
      jobId: move.id,
      status: 'moved',
      target: 'Mexico',
    });
    expect(back).toMatchObject({
      total: 350,
      counts: { ready: 350 },
      bySource: [{ partition: 'Canada', count: 350 }],
    });
  }, 120_000);

  it('an editor granted Mexico only: rows whose leads live elsewhere are not found, never moved', async () => {
    const canada = await seedLeads(stack, 3, 'ca.select.test', 'Canada');
    const hidden = await seedLeads(stack, 2, 'df.select.test', 'Default');
    const editor = await stack.signIn({ role: 'editor', partitions: [2] });
    const emails = [
      ...[0, 1, 2].map((n) => `lead-${n}@ca.select.test`),
      ...[0, 1].map((n) => `lead-${n}@df.select.test`),
      'fresh@mx.select.test',
    ];
    const job = await importCsv(editor, `email\n${emails.join('\n')}\n`, 'Mexico');
    expect(job.counts).toMatchObject({ created: 1, skipped: 5 });
    // The reasons the skipped rows carry, and the rows of one of them, as the results page filters them.
    const reasons = await editor.inject(`/api/imports/${job.id}/reasons?status=skipped`);
    expect(reasons.json<{ reasons: { code: string; count: number }[] }>().reasons).toMatchObject([
      { code: '1010', count: 5 },
    ]);
    const page = await editor.inject(`/api/imports/${job.id}/results?status=skipped&reason=1010`);
    expect(page.json<{ total: number }>().total).toBe(5);
    const none = await editor.inject(`/api/imports/${job.id}/results?reason=1005`);
    expect(none.json<{ total: number; rows: unknown[] }>()).toMatchObject({ total: 0, rows: [] });

    const move = await previewedFrom(editor, {
      from: 'import',
      jobId: job.id,
      status: 'skipped',
      reason: '1010',
      target: 'Mexico',
    });
    expect(move).toMatchObject({ kind: 'email', total: 5, counts: { not_found: 5 }, bySource: [] });
    const rows = await moveRows(editor, move.id);
    expect(rows.map((row) => row.value).sort()).toEqual(emails.slice(0, 5).sort());
    // Exactly like a missing lead: no id, no partition.
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['row', 'status', 'value']);
    expect(JSON.stringify(rows)).not.toMatch(/Canada|Default/);
    expect((await editor.inject({ method: 'POST', url: `/api/moves/${move.id}/start` })).statusCode).toBe(
      200,
    );
    expect((await finishedMove(editor, move.id)).counts).toEqual({ not_found: 5 });
    const where = await partitionsOf(stack);
    expect(canada.map((id) => where.get(id))).toEqual([3, 3, 3]);
    expect(hidden.map((id) => where.get(id))).toEqual([1, 1]);

    // A target outside the grants is refused before any row is read.
    const outside = await moveFromResults(editor, { from: 'import', jobId: job.id, target: 'Canada' });
    expect(outside.statusCode).toBe(403);
  }, 60_000);

  it('viewers cannot move; another editor of the partition may not select the import’s rows', async () => {
    const owner = await stack.signIn({ role: 'editor', partitions: [2] });
    const job = await importCsv(owner, 'email\nowned-0@select.test\n', 'Mexico');
    const body = { from: 'import', jobId: job.id, target: 'Mexico' };
    const viewer = await stack.signIn({ role: 'viewer', partitions: [2] });
    expect((await moveFromResults(viewer, body)).statusCode).toBe(403);
    const other = await stack.signIn({ role: 'editor', partitions: [2] });
    const refused = await moveFromResults(other, body);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<ErrorEnvelope>().error.message).toMatch(/started this import, or an admin/);
    // An editor outside the import's partition reads it as missing.
    const stranger = await stack.signIn({ role: 'editor', partitions: [3] });
    expect((await moveFromResults(stranger, { ...body, target: 'Canada' })).statusCode).toBe(404);
    // A filter that matches nothing is a clear 400, not an empty job.
    const none = await moveFromResults(owner, { ...body, status: 'failed' });
    expect(none.statusCode).toBe(400);
    expect(none.json<ErrorEnvelope>().error).toMatchObject({ reason: 'move_selection_empty' });
  }, 60_000);
});

describe('on PostgreSQL', () => {
  it('reads the reasons and the rows of one reason into the move, as on SQLite', async () => {
    const pg = await startTestStack({ imports: { reservedCalls: 0 }, databaseUrl: await testDatabaseUrl() });
    try {
      await seedLeads(pg, 2, 'ca.pg.select.test', 'Canada');
      const editor = await pg.signIn({ role: 'editor', partitions: [2] });
      const csv =
        'email\nlead-0@ca.pg.select.test\nlead-1@ca.pg.select.test\nnew@pg.select.test\nnot an email\n';
      const job = await importCsv(editor, csv, 'Mexico');
      const reasons = await editor.inject(`/api/imports/${job.id}/reasons?status=skipped`);
      expect(reasons.json<{ reasons: { code: string; count: number }[] }>().reasons).toMatchObject([
        { code: '1010', count: 2 },
        { count: 1 },
      ]);
      const move = await previewedFrom(editor, {
        from: 'import',
        jobId: job.id,
        status: 'skipped',
        reason: '1010',
        target: 'Mexico',
      });
      expect(move).toMatchObject({ kind: 'email', total: 2, counts: { not_found: 2 } });
    } finally {
      await pg.close();
    }
  }, 60_000);
});
