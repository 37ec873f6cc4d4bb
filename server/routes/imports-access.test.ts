// Who may do what with imports: editors import into granted partitions only, a file is its uploader's, and a
// job outside a user's partitions reads exactly like one that does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPage } from '../contract/activity';
import type { ErrorEnvelope } from '../contract/errors';
import type { ImportFile, ImportJob, ImportSettings } from '../contract/imports';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

let stack: TestStack;
let mexico: ApiClient;
let canadaJob: ImportJob;

const FILE = 'email,firstName\nana@example.mx,Ana\nbea@example.mx,Bea\n';

beforeAll(async () => {
  stack = await startTestStack({ imports: { startRunner: false } });
  mexico = await stack.signIn({ role: 'editor', partitions: [2], email: 'mexico.importer@example.com' });
  const adminFile = await upload(stack.api);
  const started = await stack.api.inject({
    method: 'POST',
    url: '/api/imports',
    payload: settings(adminFile, 'Canada'),
  });
  expect(started.statusCode).toBe(201);
  canadaJob = started.json<ImportJob>();
});
afterAll(async () => {
  await stack.close();
});

async function upload(client: ApiClient): Promise<ImportFile> {
  const response = await client.inject({
    method: 'POST',
    url: '/api/imports/files?name=people.csv',
    headers: { 'content-type': 'text/csv' },
    payload: FILE,
  });
  expect(response.statusCode).toBe(201);
  return response.json<ImportFile>();
}

function settings(file: ImportFile, partitionName: string): ImportSettings {
  return { fileId: file.id, partitionName, mapping: ['email', 'firstName'] };
}

const errorOf = (response: { json<T>(): T }) => response.json<ErrorEnvelope>().error;

describe('import access', () => {
  it('a viewer may not start an import', async () => {
    const viewer = await stack.signIn({ role: 'viewer', partitions: 'all' });
    const file = await upload(stack.api);
    for (const url of ['/api/imports', '/api/imports/check']) {
      const response = await viewer.inject({ method: 'POST', url, payload: settings(file, 'Mexico') });
      expect(response.statusCode).toBe(403);
      expect(errorOf(response).code).toBe('forbidden');
    }
  });

  it('the Mexico editor cannot start into Canada, and the refusal is in the trail', async () => {
    const file = await upload(mexico);
    const response = await mexico.inject({
      method: 'POST',
      url: '/api/imports',
      payload: settings(file, 'Canada'),
    });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response)).toEqual({
      code: 'forbidden',
      message: 'You have no access to this partition.',
    });
    const trail = (await stack.api.inject('/api/activity?action=import')).json<ActivityPage>();
    expect(trail.entries[0]).toMatchObject({
      user: { email: 'mexico.importer@example.com' },
      outcome: 'failure',
      partitions: ['Canada'],
    });
    const allowed = await mexico.inject({
      method: 'POST',
      url: '/api/imports',
      payload: settings(file, 'Mexico'),
    });
    expect(allowed.statusCode).toBe(201);
  });

  it('the Mexico editor cannot see or cancel a Canada job: it reads as missing', async () => {
    for (const url of [
      `/api/imports/${canadaJob.id}`,
      `/api/imports/${canadaJob.id}/results`,
      `/api/imports/${canadaJob.id}/results.csv`,
    ]) {
      const response = await mexico.inject(url);
      expect(response.statusCode).toBe(404);
      expect(errorOf(response)).toEqual({ code: 'not_found', message: 'No such import.' });
    }
    const cancel = await mexico.inject({ method: 'POST', url: `/api/imports/${canadaJob.id}/cancel` });
    expect(cancel.statusCode).toBe(404);
    const list = (await mexico.inject('/api/imports')).json<{ jobs: ImportJob[] }>();
    expect(list.jobs.map((job) => job.partitionName)).not.toContain('Canada');
    expect(list.jobs.length).toBeGreaterThan(0);
    const adminList = (await stack.api.inject('/api/imports')).json<{ jobs: ImportJob[] }>();
    expect(adminList.jobs.map((job) => job.id)).toContain(canadaJob.id);
  });

  it("another user's file reads as missing", async () => {
    const other = await stack.signIn({ role: 'editor', partitions: [2] });
    const file = await upload(mexico);
    for (const url of ['/api/imports/check', '/api/imports']) {
      const response = await other.inject({ method: 'POST', url, payload: settings(file, 'Mexico') });
      expect(response.statusCode).toBe(404);
      expect(errorOf(response)).toEqual({ code: 'not_found', message: 'No such file; upload it again.' });
    }
  });

  it("only the job's owner or an admin may cancel it", async () => {
    const file = await upload(mexico);
    const job = (
      await mexico.inject({ method: 'POST', url: '/api/imports', payload: settings(file, 'Mexico') })
    ).json<ImportJob>();
    const colleague = await stack.signIn({ role: 'editor', partitions: [2] });
    // The colleague sees the job (same partition) but may not stop it.
    expect((await colleague.inject(`/api/imports/${job.id}`)).statusCode).toBe(200);
    const refused = await colleague.inject({ method: 'POST', url: `/api/imports/${job.id}/cancel` });
    expect(refused.statusCode).toBe(403);
    const byAdmin = await stack.api.inject({ method: 'POST', url: `/api/imports/${job.id}/cancel` });
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json<ImportJob>().state).toBe('cancelled');
  });

  it('answers 404 for an unknown job and 400 for a malformed id', async () => {
    const unknown = await stack.api.inject('/api/imports/00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    const malformed = await stack.api.inject('/api/imports/not-an-id');
    expect(malformed.statusCode).toBe(400);
  });
});
