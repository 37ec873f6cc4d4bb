// An import's rows (every input cell, mapped or not, and the leads' ids) are its owner's and the admins'; others
// granted the partition follow its progress. A cancel is recorded once, however often it is asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorEnvelope } from '../contract/errors';
import type { ImportFile, ImportJob } from '../contract/imports';
import { ImportRunsRepo } from '../store/import-runs-repo';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

let stack: TestStack;
let owner: ApiClient;

beforeAll(async () => {
  stack = await startTestStack({ imports: { startRunner: false } });
  owner = await stack.signIn({ role: 'editor', partitions: [2], email: 'rows.owner@example.com' });
});
afterAll(async () => {
  await stack.close();
});

async function upload(client: ApiClient, csv: string): Promise<ImportFile> {
  const response = await client.inject({
    method: 'POST',
    url: '/api/imports/files?name=rows.csv',
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(response.statusCode).toBe(201);
  return response.json<ImportFile>();
}

async function startJob(client: ApiClient, rows: number): Promise<ImportJob> {
  const csv = `email,notes\n${Array.from({ length: rows }, (_, n) => `r${n}@rows.test,private ${n}`).join('\n')}\n`;
  const file = await upload(client, csv);
  const response = await client.inject({
    method: 'POST',
    url: '/api/imports',
    payload: { fileId: file.id, partitionName: 'Mexico', mapping: ['email', null] },
  });
  expect(response.statusCode).toBe(201);
  return response.json<ImportJob>();
}

describe("an import's rows", () => {
  it('are shown to the owner and admins, not to another reader of the partition', async () => {
    const job = await startJob(owner, 3);
    const reader = await stack.signIn({ role: 'viewer', partitions: [2] });
    for (const path of ['results', 'results.csv']) {
      const url = `/api/imports/${job.id}/${path}`;
      expect((await owner.inject(url)).statusCode).toBe(200);
      expect((await stack.api.inject(url)).statusCode).toBe(200);
      const refused = await reader.inject(url);
      expect(refused.statusCode).toBe(403);
      expect(refused.json<ErrorEnvelope>().error.message).toMatch(/started this import, or an admin/);
      expect(refused.body).not.toContain('private');
    }
    // The progress stays visible to the partition's readers.
    expect((await reader.inject(`/api/imports/${job.id}`)).statusCode).toBe(200);
  });

  it('a sample shows the header width, and long values cut short', async () => {
    const long = 'x'.repeat(5000);
    const file = await upload(owner, `email,name\nbig@rows.test,${long},extra,cells\n`);
    expect(file.sample[0]).toHaveLength(2);
    expect(file.sample[0]?.[1]).toBe(`${'x'.repeat(200)}…`);
  });
});

describe('cancelling an import', () => {
  it('is recorded once: a second cancel while the first is under way answers the same job', async () => {
    const job = await startJob(owner, 400);
    // A chunk in flight keeps the job `cancelling` until its answer is stored.
    await new ImportRunsRepo(stack.imports.db).claimChunk(job.id, 300, (rows) => rows.length, Date.now());
    const states: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await owner.inject({ method: 'POST', url: `/api/imports/${job.id}/cancel` });
      expect(response.statusCode).toBe(200);
      states.push(response.json<ImportJob>().state);
    }
    expect(states).toEqual(['cancelling', 'cancelling', 'cancelling']);
    const entries = (
      await stack.access.audit.query({ visiblePartitions: 'all', readerUserId: 0, action: 'import' }, 100)
    ).filter((entry) => entry.summary.includes('cancelled'));
    expect(entries).toHaveLength(1);
    expect(entries[0]?.summary).toMatch(/100 rows will not be sent/);
  });
});
