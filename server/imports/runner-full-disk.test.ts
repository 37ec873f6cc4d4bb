// An import never sends a chunk it could not first record as `sending`: with the console database unable to
// grow (a real file-size limit on this process, server/store/file-size-limit.ts) the runner's claim fails, so
// no sync call goes out and no lead appears; once the database can be written the job goes on and completes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportFile, ImportJob } from '../contract/imports';
import { withFileSizeLimit } from '../store/file-size-limit';
import { startTestStack, type TestStack } from '../test-helpers';
import { leadsAt, sleep } from './runner-test-support';

let folder: string;
let stack: TestStack;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'import-full-'));
  stack = await startTestStack({
    consoleDbFile: join(folder, 'console.sqlite'),
    imports: { startRunner: false, reservedCalls: 0 },
  });
});
afterAll(async () => {
  await stack.close();
  rmSync(folder, { recursive: true, force: true });
});

async function job(id: string): Promise<ImportJob> {
  return (await stack.api.inject(`/api/imports/${id}`)).json<ImportJob>();
}

/** Polls (bounded by the test's timeout, not a timed assertion) until `done` holds. */
async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await done())) await sleep(10);
}

describe('the import runner on a console database that cannot be written', () => {
  it('claims no chunk and sends nothing; the job goes on once the database can be written', async () => {
    const text = ['Email', 'full-ana@import-full.example', 'full-bea@import-full.example'].join('\n');
    const file = (
      await stack.api.inject({
        method: 'POST',
        url: '/api/imports/files?name=full.csv',
        headers: { 'content-type': 'text/csv' },
        payload: text,
      })
    ).json<ImportFile>();
    const started = await stack.api.inject({
      method: 'POST',
      url: '/api/imports',
      payload: { fileId: file.id, partitionName: 'Mexico', mapping: ['email'] },
    });
    expect(started.statusCode).toBe(201);
    const id = started.json<ImportJob>().id;
    const syncsBefore = (await stack.control.stats()).callsByPath['/rest/v1/leads.json'] ?? 0;

    const runner = stack.imports.runner;
    await withFileSizeLimit(0, async () => {
      runner.start();
      await until(() => stack.logs.some((line) => line.includes('import runner step failed')));
      await runner.stop();
    });

    expect(stack.logs.join('\n')).toMatch(/SQLITE_(IOERR|FULL)/);
    expect((await stack.control.stats()).callsByPath['/rest/v1/leads.json'] ?? 0).toBe(syncsBefore);
    expect((await leadsAt(stack, 'import-full.example')).size).toBe(0);
    expect(await job(id)).toMatchObject({ state: 'running', counts: { sent: 0, created: 0 } });

    runner.start();
    await until(async () => (await job(id)).state !== 'running');
    expect(await job(id)).toMatchObject({ state: 'completed', counts: { sent: 2, created: 2 } });
    expect([...(await leadsAt(stack, 'import-full.example')).keys()].sort()).toEqual([
      'full-ana@import-full.example',
      'full-bea@import-full.example',
    ]);
  });
});
