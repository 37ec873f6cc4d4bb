// Never a Marketo write without its audit record: with the console database unable to grow (a real file-size
// limit on this process, server/store/file-size-limit.ts), a write, a move and a failed sign-in are refused
// with 503 audit_unavailable, and the emulator shows that nothing reached Marketo.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFileSizeLimit } from '../store/file-size-limit';
import { startTestStack, TEST_PASSWORD, type TestStack } from '../test-helpers';

const REFUSED = {
  error: {
    code: 'audit_unavailable',
    message:
      'The console cannot record this change right now, so nothing was sent to Marketo. Try again later or tell your administrator.',
  },
};

let folder: string;
let stack: TestStack;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'audit-first-'));
  // A file: an in-memory database would not feel the limit.
  stack = await startTestStack({ consoleDbFile: join(folder, 'console.sqlite') });
  // Loaded before the limit, so the refusals below are about the database only.
  await stack.catalog.partitions();
  await stack.catalog.fields();
});
afterAll(async () => {
  await stack.close();
  rmSync(folder, { recursive: true, force: true });
});

async function auditEntries() {
  return await stack.access.audit.query({ visiblePartitions: 'all', readerUserId: stack.api.user.id }, 1000);
}

/** Calls to Marketo's partition-move endpoint so far. */
async function moveCalls(): Promise<number> {
  return (await stack.control.stats()).callsByPath['/rest/v1/leads/partitions.json'] ?? 0;
}

/** The answer to `request` sent while the console database cannot be written. */
async function whileFull(
  request: () => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>,
) {
  const entriesBefore = (await auditEntries()).length;
  const movesBefore = await moveCalls();
  const response = await withFileSizeLimit(0, request);
  return {
    status: response.statusCode,
    body: response.body,
    cookie: response.headers['set-cookie'],
    newEntries: (await auditEntries()).length - entriesBefore,
    newMoveCalls: (await moveCalls()) - movesBefore,
  };
}

describe('a console database that cannot be written', () => {
  it('refuses POST /api/leads with 503 before anything is sent: no lead is created', async () => {
    const email = 'audit-first-write@example.com';
    const answer = await whileFull(() =>
      stack.api.inject({
        method: 'POST',
        url: '/api/leads',
        payload: { action: 'createOnly', lookupField: 'email', leads: [{ email, firstName: 'Ana' }] },
      }),
    );
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual(REFUSED);
    expect(answer.body).not.toMatch(/SQLITE|sqlite|console\.sqlite|audit-first-/);
    expect(answer.newEntries).toBe(0);
    expect((await stack.control.leads()).filter((lead) => lead.email === email)).toEqual([]);
    // The cause is in the proxy's log, for the administrator.
    expect(stack.logs.join('\n')).toMatch(/SQLITE_(IOERR|FULL)/);

    // Once the database can be written again, the same request goes through and is recorded.
    const retried = await stack.api.inject({
      method: 'POST',
      url: '/api/leads',
      payload: { action: 'createOnly', lookupField: 'email', leads: [{ email, firstName: 'Ana' }] },
    });
    expect(retried.statusCode).toBe(200);
    expect((await auditEntries())[0]).toMatchObject({ action: 'lead.write', outcome: 'success' });
  });

  it('refuses POST /api/leads/partition with 503 before anything is sent: no lead moves', async () => {
    const leads = await stack.control.leads();
    const lead = leads.find((candidate) => candidate.leadPartitionId === 1)!;
    const target = (await stack.catalog.partitions()).find((partition) => partition.id !== 1)!;
    const answer = await whileFull(() =>
      stack.api.inject({
        method: 'POST',
        url: '/api/leads/partition',
        payload: { ids: [lead.id], partitionName: target.name },
      }),
    );
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual(REFUSED);
    expect(answer.newEntries).toBe(0);
    expect(answer.newMoveCalls).toBe(0);
    const after = (await stack.control.leads()).find((candidate) => candidate.id === lead.id);
    expect(after?.leadPartitionId).toBe(1);
    expect(after?.updatedAt).toBe(lead.updatedAt);
  });

  it('answers a sign-in whose audit entry cannot be written with the same 503, not a bare 500', async () => {
    const answer = await whileFull(() =>
      stack.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: stack.api.user.email, password: 'not-the-password' },
      }),
    );
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual(REFUSED);
  });

  it('answers a good sign-in it cannot record with 503 and no session, not a bare 500', async () => {
    const answer = await whileFull(() =>
      stack.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: stack.api.user.email, password: TEST_PASSWORD },
      }),
    );
    expect(answer.status).toBe(503);
    expect(['storage_unavailable', 'audit_unavailable']).toContain(
      (JSON.parse(answer.body) as { error: { code: string } }).error.code,
    );
    expect(answer.cookie).toBeUndefined();
  });

  it('leaves a user unchanged when the change cannot be recorded: the change and its entry land together', async () => {
    const viewer = await stack.signIn({ role: 'viewer', partitions: [2] });
    const answer = await whileFull(() =>
      stack.api.inject({ method: 'PATCH', url: `/api/users/${viewer.user.id}`, payload: { role: 'editor' } }),
    );
    expect(answer.status).toBe(503);
    expect(answer.newEntries).toBe(0);
    expect((await stack.access.users.byId(viewer.user.id))?.role).toBe('viewer');
  });
});
