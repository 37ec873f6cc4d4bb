// A job held back by the call budget says so, and claims no time left while it waits.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImportFile, ImportJob } from '../contract/imports';
import { CALL_BUDGET_WAIT } from '../imports/runner-failures';
import { startTestStack, type TestStack } from '../test-helpers';

let stack: TestStack;

beforeAll(async () => {
  // Every call of the window kept for interactive use: any recent call holds the import back.
  stack = await startTestStack({ imports: { reservedCalls: 100 } });
});
afterAll(async () => {
  await stack.close();
});

it('says it waits for Marketo’s call budget and gives no time left', async () => {
  const file = (
    await stack.api.inject({
      method: 'POST',
      url: '/api/imports/files?name=held.csv',
      headers: { 'content-type': 'text/csv' },
      payload: 'Email\nheld-1@example.mx\nheld-2@example.mx',
    })
  ).json<ImportFile>();
  // A call a person made: the window is not empty when the runner looks.
  expect((await stack.api.inject('/api/partitions?refresh=1')).statusCode).toBe(200);
  const started = await stack.api.inject({
    method: 'POST',
    url: '/api/imports',
    payload: { fileId: file.id, partitionName: 'Mexico', mapping: ['email'] },
  });
  expect(started.statusCode).toBe(201);
  // Bounded by the test's timeout, not by a timed assertion.
  let job = started.json<ImportJob>();
  while (job.message === null) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    job = (await stack.api.inject(`/api/imports/${job.id}`)).json<ImportJob>();
  }
  expect(job).toMatchObject({
    state: 'running',
    message: CALL_BUDGET_WAIT,
    messageCode: 'call_budget_wait',
    secondsLeft: null,
  });
  expect(job.counts.sent).toBe(0);
});
