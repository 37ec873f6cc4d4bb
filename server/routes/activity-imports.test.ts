// Activity's import items: a job's entries (start, one per chunk, cancel) read as one item linked to the job,
// through paging and the CSV export, and a restricted reader still sees only imports inside their grants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry, ActivityPage } from '../contract/activity';
import { IMPORT_CHUNK_SIZE, type ImportFile, type ImportJob } from '../contract/imports';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

let stack: TestStack;
let mexico: ApiClient;
let canada: ApiClient;

beforeAll(async () => {
  // The runner starts only once the cancel test has its job still waiting.
  stack = await startTestStack({ imports: { reservedCalls: 0, startRunner: false } });
  mexico = await stack.signIn({ role: 'editor', partitions: [2], email: 'grouped.mexico@example.com' });
  canada = await stack.signIn({ role: 'editor', partitions: [3], email: 'grouped.canada@example.com' });
});
afterAll(async () => {
  await stack.close();
});

async function startImport(
  client: ApiClient,
  partitionName: string,
  rows: number,
  tag: string,
  action = 'createOrUpdate',
) {
  const lines = ['Email,First Name', 'not an email,Broken'];
  for (let row = 0; row < rows; row += 1) lines.push(`${tag}-${row}@grouped.example,Row ${row}`);
  const upload = await client.inject({
    method: 'POST',
    url: `/api/imports/files?name=${tag}.csv`,
    headers: { 'content-type': 'text/csv' },
    payload: lines.join('\n'),
  });
  expect(upload.statusCode).toBe(201);
  const started = await client.inject({
    method: 'POST',
    url: '/api/imports',
    payload: { fileId: upload.json<ImportFile>().id, partitionName, action, mapping: ['email', 'firstName'] },
  });
  expect(started.statusCode).toBe(201);
  return started.json<ImportJob>();
}

async function finished(id: string): Promise<ImportJob> {
  // Bounded by the test's timeout, not by a timed assertion.
  for (;;) {
    const job = (await stack.api.inject(`/api/imports/${id}`)).json<ImportJob>();
    if (job.state !== 'running' && job.state !== 'cancelling') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every item, a page of `limit` at a time, following the cursor. */
async function allItems(client: ApiClient, query: string, limit: number): Promise<ActivityEntry[]> {
  const items: ActivityEntry[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/activity?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`;
    const page = (await client.inject(url)).json<ActivityPage>();
    items.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const rawEntriesOf = async (jobSummaryTag: string) =>
  (
    await stack.access.audit.query({ visiblePartitions: 'all', readerUserId: 0, action: 'import' }, 1_000)
  ).filter((entry) => entry.summary.includes(jobSummaryTag));

describe('an import job is one Activity item', () => {
  it('keeps its place while the job adds entries, so paging neither repeats nor skips it', async () => {
    const job = await startImport(mexico, 'Mexico', 5, 'paged');
    // A later entry: the newest item until the job adds one.
    await stack.api.inject({
      method: 'POST',
      url: '/api/leads',
      payload: { partitionName: 'Mexico', leads: [{ email: 'between@grouped.example' }] },
    });
    const first = (await stack.api.inject('/api/activity?limit=1')).json<ActivityPage>();
    expect(first.entries[0]?.action).toBe('lead.write');
    // The cancel appends to the job's entries between the two pages.
    const cancel = await mexico.inject({ method: 'POST', url: `/api/imports/${job.id}/cancel` });
    expect(cancel.statusCode).toBe(200);
    const second = (
      await stack.api.inject(`/api/activity?limit=1&cursor=${first.nextCursor ?? ''}`)
    ).json<ActivityPage>();
    expect(second.entries[0]?.importJob).toMatchObject({ id: job.id, entries: 2 });
    expect(second.entries[0]?.summary).toContain('cancelled');
    expect(second.entries[0]?.outcome).toBe('partial');
    expect(second.entries[0]?.importJob?.statusCounts).toEqual({ skipped: 1 });

    const everything = await allItems(stack.api, '', 1);
    expect(everything.filter((item) => item.importJob?.id === job.id)).toHaveLength(1);
    expect(new Set(everything.map((item) => item.id)).size).toBe(everything.length);
  });

  it('sums its chunks: one item per job, with counts, lead ids and every chunk’s request id', async () => {
    stack.imports.runner.start();
    const rows = IMPORT_CHUNK_SIZE * 2 + 10;
    const started = await startImport(mexico, 'Mexico', rows, 'summed');
    // Read while it runs: each read sums only the entries since the last one (server/store/audit-items.ts).
    let job = started;
    while (job.state === 'running') {
      expect((await stack.api.inject('/api/activity?action=import')).statusCode).toBe(200);
      job = (await stack.api.inject(`/api/imports/${job.id}`)).json<ImportJob>();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    job = await finished(job.id);
    expect(job.state).toBe('completed');
    const raw = await rawEntriesOf('"summed.csv"');
    expect(raw.length).toBeGreaterThanOrEqual(4); // the start and at least three chunks

    const items = (await allItems(stack.api, '&action=import', 50)).filter(
      (item) => item.importJob?.id === job.id,
    );
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(item).toMatchObject({
      user: { email: 'grouped.mexico@example.com' },
      partitions: ['Mexico'],
      outcome: 'partial',
      importJob: { entries: raw.length, leadCount: rows, statusCounts: { created: rows, skipped: 1 } },
    });
    expect(item?.requestIds).toHaveLength(raw.flatMap((entry) => entry.requestIds).length);
    expect(item?.leads).toEqual([expect.objectContaining({ status: 'skipped' })]);
    expect(item?.id).toBe(Math.min(...raw.map((entry) => entry.id)));
    expect(Date.parse(item?.importJob?.lastAt ?? '')).toBeGreaterThanOrEqual(Date.parse(item?.at ?? ''));
  });

  it('the CSV export carries the same items as the page', async () => {
    const items = await allItems(stack.api, '&action=import', 500);
    const response = await stack.api.inject('/api/activity.csv?action=import');
    expect(response.statusCode).toBe(200);
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(items.length + 1);
    expect(lines.filter((line) => line.includes('summed.csv'))).toHaveLength(1);
  });

  it('a restricted reader never sees another partition’s import, grouped or not', async () => {
    const canadaJob = await finished((await startImport(canada, 'Canada', 3, 'northern')).id);
    expect(canadaJob.state).toBe('completed');
    expect((await rawEntriesOf('"northern.csv"')).length).toBeGreaterThanOrEqual(2);

    const seenByMexico = await allItems(mexico, '', 2);
    expect(seenByMexico.some((item) => item.summary.includes('northern.csv'))).toBe(false);
    expect(seenByMexico.some((item) => item.partitions.includes('Canada'))).toBe(false);
    expect(seenByMexico.filter((item) => item.summary.includes('summed.csv'))).toHaveLength(1);
    const csv = (await mexico.inject('/api/activity.csv')).body;
    expect(csv).not.toContain('northern.csv');

    const seenByCanada = await allItems(canada, '', 2);
    expect(seenByCanada.filter((item) => item.importJob?.id === canadaJob.id)).toEqual([
      expect.objectContaining({ importJob: expect.objectContaining({ jobVisible: true }) as unknown }),
    ]);
    expect(seenByCanada.some((item) => item.summary.includes('summed.csv'))).toBe(false);
  });

  it('names a job whose page the reader may not open, when it touched one of their leads', async () => {
    // A Canada lead, then an admin's update-only import into Mexico that reaches it by email.
    const lead = await canada.inject({
      method: 'POST',
      url: '/api/leads',
      payload: { partitionName: 'Canada', leads: [{ email: 'reach-0@grouped.example' }] },
    });
    expect(lead.statusCode).toBe(200);
    const job = await finished((await startImport(stack.api, 'Mexico', 1, 'reach', 'updateOnly')).id);
    expect(job.counts.updated).toBe(1);

    const seenByCanada = (await allItems(canada, '', 50)).filter((item) => item.importJob?.id === job.id);
    expect(seenByCanada).toEqual([
      expect.objectContaining({
        partitions: ['Canada'],
        importJob: expect.objectContaining({ jobVisible: false, entries: 1 }) as unknown,
      }),
    ]);
    expect((await canada.inject(`/api/imports/${job.id}`)).statusCode).toBe(404);
    const seenByAdmin = (await allItems(stack.api, '', 50)).filter((item) => item.importJob?.id === job.id);
    expect(seenByAdmin[0]?.importJob?.jobVisible).toBe(true);
  });
});
