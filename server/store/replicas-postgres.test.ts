// Two consoles on one PostgreSQL database, as two replicas behind a load balancer: a session made on one works on
// the other, a sign-out on either ends it on both, and the audit trail one writes is the one the other lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPage } from '../contract/activity';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { startTestStack, type TestStack } from '../test-helpers';
import { testDatabaseUrl } from '../testing/test-database';

let emulator: RunningEmulator;
let one: TestStack;
let two: TestStack;

beforeAll(async () => {
  const databaseUrl = await testDatabaseUrl();
  emulator = await startEmulator({ port: 0, dbFile: ':memory:', config: {} });
  one = await startTestStack({ databaseUrl, sharedEmulator: emulator });
  two = await startTestStack({ databaseUrl, sharedEmulator: emulator });
});

afterAll(async () => {
  await one?.close();
  await two?.close();
  await emulator?.close();
});

describe('two consoles on one PostgreSQL', () => {
  it('share sessions: made on one, used on the other, ended by a sign-out on either', async () => {
    const editor = await one.signIn({ role: 'editor', partitions: [2] });
    const onTwo = (url: string) => two.app.inject({ url, headers: editor.headers });
    expect((await onTwo('/api/session')).statusCode).toBe(200);
    const signOut = await two.app.inject({ method: 'DELETE', url: '/api/session', headers: editor.headers });
    expect(signOut.statusCode).toBe(204);
    expect((await editor.inject('/api/session')).statusCode).toBe(401);
    expect((await onTwo('/api/session')).statusCode).toBe(401);
  });

  it('share the audit trail: an entry written by one is listed by the other', async () => {
    const viewer = await one.signIn({ role: 'viewer', partitions: [2] });
    await two.app.inject({ method: 'DELETE', url: '/api/session', headers: viewer.headers });
    const page = (await one.api.inject('/api/activity?action=auth.sign-out')).json<ActivityPage>();
    expect(page.entries.map((entry) => entry.user.email)).toContain(viewer.user.email);
  });
});
