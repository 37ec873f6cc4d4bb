// The audit trail through the API: what each write, move, sign-in and user change records, who may read it,
// paging, filters and the CSV export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry, ActivityPage } from '../contract/activity';
import type { LeadWriteResponse } from '../contract/leads';
import { startTestStack, TEST_PASSWORD, type ApiClient, type TestStack } from '../test-helpers';

let stack: TestStack;
let editor: ApiClient;

beforeAll(async () => {
  stack = await startTestStack({ client: { maxAttempts: 2, retryBaseDelayMs: 5, windowMs: 200 } });
  await stack.api.inject('/api/partitions');
  await stack.api.inject('/api/fields');
  editor = await stack.signIn({ role: 'editor', partitions: [2, 3], email: 'audit.editor@example.com' });
});
afterAll(async () => {
  await stack.close();
});

async function latest(client: ApiClient, query = ''): Promise<ActivityEntry> {
  const page = (await client.inject(`/api/activity?limit=1${query}`)).json<ActivityPage>();
  const entry = page.entries[0];
  if (!entry) throw new Error('no activity');
  return entry;
}

describe('what the trail records', () => {
  it('a write: user, partition, every lead id and per-lead outcome', async () => {
    await editor.inject({
      method: 'POST',
      url: '/api/leads',
      payload: { partitionName: 'Mexico', leads: [{ email: 'audit-1@example.mx' }] },
    });
    const response = await editor.inject({
      method: 'POST',
      url: '/api/leads',
      payload: {
        action: 'createOnly',
        partitionName: 'Mexico',
        leads: [{ email: 'audit-2@example.mx' }, { email: 'audit-1@example.mx' }],
      },
    });
    const [created] = response.json<LeadWriteResponse>().results;
    const entry = await latest(stack.api);
    expect(entry).toMatchObject({
      user: { id: editor.user.id, email: 'audit.editor@example.com' },
      action: 'lead.write',
      partitions: ['Mexico'],
      leadIds: [created?.id],
      outcome: 'partial',
      leads: [
        { index: 0, leadId: created?.id, status: 'created' },
        { index: 1, status: 'skipped', reason: '1005 Lead already exists' },
      ],
    });
    expect(entry.summary).toContain('createOnly');
    // The browser words the context from its code and values.
    expect(entry).toMatchObject({
      summaryCode: 'leads_written',
      summaryParams: { action: 'createOnly', lookupField: 'email', count: 2 },
    });
    expect(Date.parse(entry.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a write that fails entirely, with outcome failure and Marketo’s requestId', async () => {
    await stack.control.injectFault({ code: '611', count: 5 });
    const response = await editor.inject({
      method: 'POST',
      url: '/api/leads',
      payload: { partitionName: 'Mexico', leads: [{ email: 'audit-3@example.mx' }] },
    });
    await stack.control.clearFaults();
    expect(response.statusCode).toBeGreaterThanOrEqual(500);
    const entry = await latest(stack.api);
    expect(entry).toMatchObject({
      action: 'lead.write',
      outcome: 'failure',
      leads: [{ index: 0, status: 'failed' }],
    });
    expect(entry.requestIds).toHaveLength(1);
    expect(entry.requestIds[0]).toMatch(/#/);
  });

  it('a write that updates a lead outside the named partition names where the lead lives, not the named one', async () => {
    const response = await editor.inject({
      method: 'POST',
      url: '/api/leads',
      payload: {
        action: 'updateOnly',
        lookupField: 'id',
        partitionName: 'Mexico',
        leads: [{ id: 318821, title: 'CMO' }],
      },
    });
    expect(response.json<LeadWriteResponse>().results).toEqual([{ index: 0, id: 318821, status: 'updated' }]);
    expect(await latest(stack.api)).toMatchObject({ partitions: ['Canada'], leadIds: [318821] });
  });

  it('a move: source and target partitions', async () => {
    const response = await editor.inject({
      method: 'POST',
      url: '/api/leads/partition',
      payload: { ids: [318818], partitionName: 'Canada' },
    });
    expect(response.statusCode).toBe(200);
    expect(await latest(stack.api)).toMatchObject({
      action: 'lead.move',
      partitions: ['Mexico', 'Canada'],
      leadIds: [318818],
      outcome: 'success',
      leads: [{ leadId: 318818, status: 'updated' }],
    });
  });

  it('sign-ins, failed sign-ins and sign-outs', async () => {
    const ok = await stack.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: editor.user.email, password: TEST_PASSWORD },
    });
    expect(await latest(stack.api)).toMatchObject({
      action: 'auth.sign-in',
      user: { email: editor.user.email },
      outcome: 'success',
    });
    await stack.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: editor.user.email, password: 'wrong-password' },
    });
    expect(await latest(stack.api)).toMatchObject({
      action: 'auth.sign-in-failed',
      user: { id: editor.user.id },
      outcome: 'failure',
    });
    const cookie = String(ok.headers['set-cookie']).split(';')[0] ?? '';
    await stack.app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie, 'x-csrf-token': ok.json<{ csrfToken: string }>().csrfToken },
    });
    expect(await latest(stack.api)).toMatchObject({
      action: 'auth.sign-out',
      user: { email: editor.user.email },
    });
  });

  it('user changes, by the admin who made them', async () => {
    const created = await stack.api.inject({
      method: 'POST',
      url: '/api/users',
      payload: {
        email: 'audited@example.com',
        name: 'Audited',
        role: 'viewer',
        partitions: [3],
        password: 'long-enough-pass',
      },
    });
    const id = created.json<{ user: { id: number } }>().user.id;
    expect(await latest(stack.api)).toMatchObject({ action: 'user.create', user: { id: stack.api.user.id } });
    await stack.api.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      payload: { role: 'editor', partitions: [2] },
    });
    expect((await latest(stack.api)).summary).toBe(
      'audited@example.com: partitions: Canada → Mexico; role: viewer → editor',
    );
    await stack.api.inject({
      method: 'POST',
      url: `/api/users/${id}/password`,
      payload: { password: 'another-long-one' },
    });
    expect(await latest(stack.api)).toMatchObject({ action: 'user.password-reset' });
  });
});

describe('who reads what', () => {
  it('restricted users see entries wholly inside their partitions, and their own sign-ins only', async () => {
    const mexico = await stack.signIn({ role: 'viewer', partitions: [2] });
    const page = (await mexico.inject('/api/activity?limit=500')).json<ActivityPage>();
    expect(page.entries.length).toBeGreaterThan(0);
    for (const entry of page.entries) {
      if (entry.partitions.length === 0) expect(entry.user.id).toBe(mexico.user.id);
      else expect(entry.partitions.every((name) => name === 'Mexico')).toBe(true);
    }
    expect(page.entries.some((entry) => entry.action === 'lead.move')).toBe(false);
  });

  it('pages newest first with a cursor, and filters by user, partition, action and time', async () => {
    const first = (await stack.api.inject('/api/activity?limit=2')).json<ActivityPage>();
    expect(first.entries).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = (
      await stack.api.inject(`/api/activity?limit=2&cursor=${first.nextCursor}`)
    ).json<ActivityPage>();
    expect(second.entries[0]?.id).toBeLessThan(first.entries[1]?.id ?? 0);
    expect((await stack.api.inject('/api/activity?cursor=bogus')).statusCode).toBe(400);
    const moves = (
      await stack.api.inject('/api/activity?action=lead.move&partition=Canada')
    ).json<ActivityPage>();
    expect(moves.entries.length).toBeGreaterThan(0);
    const byUser = (await stack.api.inject('/api/activity?user=audit.editor')).json<ActivityPage>();
    expect(byUser.entries.every((entry) => entry.user.email === 'audit.editor@example.com')).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(
      (await stack.api.inject(`/api/activity?from=${encodeURIComponent(future)}`)).json<ActivityPage>()
        .entries,
    ).toEqual([]);
    expect((await stack.api.inject('/api/activity?action=nope')).statusCode).toBe(400);
  });

  it('exports matching entries as a CSV download with formula-safe cells', async () => {
    await stack.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: '-2+3@example.com', password: 'wrong-password' },
    });
    const response = await stack.api.inject('/api/activity.csv?action=auth.sign-in-failed');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="activity-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"id","at","user","action","outcome","partitions","leadIds","leads","requestIds","summary"',
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.includes('"auth.sign-in-failed"'))).toBe(true);
    expect(response.body).toContain(`"'-2+3@example.com"`);
    expect(response.body).not.toMatch(/(^|,)"[=+\-@]/m);
  });
});
