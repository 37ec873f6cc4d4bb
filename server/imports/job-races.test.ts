// Two things at once: a chunk refused for good while its job's cancel is paging, and a start racing the clean-up
// of the very file it starts from. Neither may leave rows pending in a finished job, lose rows, or answer 500.
import { sqlRows } from '../testing/console-sql';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportFile, ImportJob } from '../contract/imports';
import { ImportRunsRepo } from '../store/import-runs-repo';
import { ImportsRepo } from '../store/imports-repo';
import { startTestStack, type TestStack } from '../test-helpers';
import { ingestFile, UNUSED_FILE_TTL_MS } from './file-ingest';
import { cancelJob } from './job-cancel';

let stack: TestStack;
beforeEach(async () => {
  stack = await startTestStack({ imports: { startRunner: false } });
});
afterEach(async () => {
  await stack.close();
});

const emails = (rows: number, domain: string) =>
  `email\n${Array.from({ length: rows }, (_, n) => `r${n}@${domain}`).join('\n')}\n`;

async function upload(text: string): Promise<ImportFile> {
  const response = await stack.api.inject({
    method: 'POST',
    url: '/api/imports/files?name=races.csv',
    headers: { 'content-type': 'text/csv' },
    payload: text,
  });
  expect(response.statusCode).toBe(201);
  return response.json<ImportFile>();
}

const startFrom = (file: ImportFile) =>
  stack.api.inject({
    method: 'POST',
    url: '/api/imports',
    payload: { fileId: file.id, partitionName: 'Default', mapping: ['email'] },
  });

async function rowsByStatus(jobId: string): Promise<Record<string, number>> {
  const rows = await sqlRows<{ status: string; n: number }>(
    stack.imports.db,
    'SELECT status, COUNT(*) AS n FROM import_results WHERE job_id = ? GROUP BY status',
    jobId,
  );
  return Object.fromEntries(rows.map(({ status, n }) => [status, Number(n)]));
}

describe('a job refused for good while its cancel is paging', () => {
  it('ends cancelled, as its user asked, with every row cancelled and none pending', async () => {
    const job = (await startFrom(await upload(emails(2500, 'cancel-fail.test')))).json<ImportJob>();
    const runs = new ImportRunsRepo(stack.imports.db);
    const claimed = await runs.claimChunk(job.id, 300, (rows) => rows.length, Date.now());
    if (!claimed) throw new Error('no chunk claimed');
    const cancelling = cancelJob(new ImportsRepo(stack.imports.db), job.id, Date.now());
    await nextTurn();
    // What the runner does when Marketo refuses the chunk in flight for good (e.g. 1003).
    await runs.transaction(async () => {
      await runs.releaseChunk(job.id, claimed.chunk);
      await runs.fail(job.id, 'The import stopped: Marketo refused it (1003).', Date.now());
    });
    await cancelling;
    expect(await rowsByStatus(job.id)).toEqual({ cancelled: 2500 });
    expect(await new ImportsRepo(stack.imports.db).job(job.id)).toMatchObject({
      state: 'cancelled',
      counts: { total: 2500, cancelled: 2500, sent: 0 },
    });
  });
});

describe('a start racing the clean-up of its own file', () => {
  for (const rows of [10, 1200]) {
    it(`of ${rows} rows gets "upload it again", never a shorter job or a 500`, async () => {
      const file = await upload(emails(rows, 'clean-up.test'));
      // Another upload a day later removes the files nobody imported: this one among them.
      const later = ingestFile(new ImportsRepo(stack.imports.db), {
        body: Readable.from(['email\nsomeone@else.test\n']),
        name: 'later.csv',
        userId: stack.api.user.id,
        maxBytes: 1_000_000,
        nowMs: Date.now() + UNUSED_FILE_TTL_MS + 3600_000,
      });
      const started = await startFrom(file);
      await later;
      if (started.statusCode === 201) {
        expect(started.json<ImportJob>().counts.total).toBe(rows);
      } else {
        expect(started.statusCode).toBe(404);
        expect(started.body).toContain('upload it again');
      }
      expect(stack.logs.join('\n')).not.toContain('FOREIGN KEY');
    });
  }
});
