// The routes and the runner wired together as index.ts wires them: a started job is sent to the emulator and
// reaches `completed`, and its results and download carry the new lead ids. (Faults and restarts are the
// runner's own tests.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportFile, ImportJob, ImportResultsPage } from '../contract/imports';
import { startTestStack, type TestStack } from '../test-helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ imports: { reservedCalls: 0 } });
});
afterAll(async () => {
  await stack.close();
});

async function finished(id: string): Promise<ImportJob> {
  // Bounded by the test's timeout, not by a timed assertion.
  for (;;) {
    const job = (await stack.api.inject(`/api/imports/${id}`)).json<ImportJob>();
    if (job.state !== 'running' && job.state !== 'cancelling') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('an import, end to end', () => {
  it('sends the good rows into the partition and completes', async () => {
    const text = ['Email,First Name', 'run-ana@example.mx,Ana', 'broken,Nope', 'run-bea@example.mx,Béa'].join(
      '\n',
    );
    const file = (
      await stack.api.inject({
        method: 'POST',
        url: '/api/imports/files?name=run.csv',
        headers: { 'content-type': 'text/csv' },
        payload: text,
      })
    ).json<ImportFile>();
    const started = await stack.api.inject({
      method: 'POST',
      url: '/api/imports',
      payload: { fileId: file.id, partitionName: 'Mexico', mapping: ['email', 'firstName'] },
    });
    expect(started.statusCode).toBe(201);
    const job = await finished(started.json<ImportJob>().id);
    expect(job).toMatchObject({
      state: 'completed',
      finishedAt: expect.any(String) as unknown,
      counts: { total: 3, sent: 2, created: 2, updated: 0, skipped: 1, failed: 0, cancelled: 0 },
      secondsLeft: null,
    });
    expect(job.rowsPerSecond).toBeGreaterThan(0);

    const results = (await stack.api.inject(`/api/imports/${job.id}/results`)).json<ImportResultsPage>();
    const created = results.rows.filter((row) => row.status === 'created');
    expect(created.map((row) => row.row)).toEqual([2, 4]);
    const leads = await stack.control.leads();
    for (const row of created) {
      const lead = leads.find((candidate) => candidate.id === row.leadId);
      expect(lead).toMatchObject({ email: row.values[0], firstName: row.values[1], leadPartitionId: 2 });
    }

    const csv = (await stack.api.inject(`/api/imports/${job.id}/results.csv`)).body.split('\r\n');
    expect(csv[1]).toBe(`"run-ana@example.mx","Ana","${created[0]?.leadId}","created",""`);
  });
});
