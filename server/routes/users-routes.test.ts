// The users admin API: validation, duplicates, and the rules that keep at least one active admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserResponseSchema, UsersResponseSchema } from '../contract/access';
import type { ActivityPage } from '../contract/activity';
import { startTestStack, type TestStack } from '../test-helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

const newUser = (email: string) => ({
  email,
  name: 'Someone',
  role: 'editor',
  partitions: [2],
  password: 'a-long-enough-password',
});

describe('users admin API', () => {
  it('creates a user (email lower-cased, no password hash in any answer) and lists it', async () => {
    const created = await stack.api.inject({
      method: 'POST',
      url: '/api/users',
      payload: newUser('New.Person@Example.com'),
    });
    expect(created.statusCode).toBe(201);
    const { user } = UserResponseSchema.parse(created.json());
    expect(user).toMatchObject({
      email: 'new.person@example.com',
      role: 'editor',
      partitions: [2],
      disabled: false,
      lastSignInAt: null,
    });
    expect(created.body).not.toContain('scrypt');
    const list = await stack.api.inject('/api/users');
    expect(UsersResponseSchema.parse(list.json()).users.map((u) => u.email)).toContain(
      'new.person@example.com',
    );
    expect(list.body).not.toContain('scrypt');
  });

  it('refuses a duplicate email with a detail on email', async () => {
    await stack.api.inject({ method: 'POST', url: '/api/users', payload: newUser('twice@example.com') });
    const again = await stack.api.inject({
      method: 'POST',
      url: '/api/users',
      payload: newUser('TWICE@example.com'),
    });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({
      error: {
        code: 'bad_request',
        reason: 'user_email_taken',
        details: [{ path: 'email', reason: 'user_email_taken' }],
      },
    });
  });

  it('refuses a short password, an empty patch and an unknown user', async () => {
    const short = await stack.api.inject({
      method: 'POST',
      url: '/api/users',
      payload: { ...newUser('short@example.com'), password: 'short' },
    });
    expect(short.json()).toMatchObject({ error: { details: [{ path: 'password' }] } });
    expect((await stack.api.inject({ method: 'PATCH', url: '/api/users/1', payload: {} })).statusCode).toBe(
      400,
    );
    expect(
      (await stack.api.inject({ method: 'PATCH', url: '/api/users/999999', payload: { name: 'X' } }))
        .statusCode,
    ).toBe(404);
  });

  it('never lets an admin disable or demote themselves', async () => {
    const admin = await stack.signIn({ role: 'admin', partitions: 'all' });
    for (const payload of [{ disabled: true }, { role: 'editor' }]) {
      const response = await admin.inject({ method: 'PATCH', url: `/api/users/${admin.user.id}`, payload });
      expect(response.statusCode).toBe(400);
    }
    expect(
      (
        await admin.inject({
          method: 'PATCH',
          url: `/api/users/${admin.user.id}`,
          payload: { name: 'Still Admin' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('lets one admin demote another while another active admin remains', async () => {
    const other = await stack.signIn({ role: 'admin', partitions: 'all' });
    const response = await stack.api.inject({
      method: 'PATCH',
      url: `/api/users/${other.user.id}`,
      payload: { role: 'viewer', partitions: [3] },
    });
    expect(response.statusCode).toBe(200);
    expect((await other.inject('/api/users')).statusCode).toBe(403);
  });
});

describe('the audit of a user change', () => {
  async function change(id: number, payload: object): Promise<string> {
    const response = await stack.api.inject({ method: 'PATCH', url: `/api/users/${id}`, payload });
    expect(response.statusCode).toBe(200);
    const page = (await stack.api.inject('/api/activity?action=user.update&limit=1')).json<ActivityPage>();
    return page.entries[0]?.summary ?? '';
  }

  it('names each changed setting with its old and new value, partitions by name', async () => {
    const created = await stack.api.inject({
      method: 'POST',
      url: '/api/users',
      payload: { ...newUser('audited.change@example.com'), role: 'viewer' },
    });
    const { user } = UserResponseSchema.parse(created.json());
    expect(await change(user.id, { role: 'editor', partitions: [2, 3] })).toBe(
      'audited.change@example.com: partitions: Mexico → Mexico, Canada; role: viewer → editor',
    );
    expect(await change(user.id, { partitions: 'all', name: 'Someone Else' })).toBe(
      'audited.change@example.com: partitions: Mexico, Canada → all partitions; name: Someone → Someone Else',
    );
    expect(await change(user.id, { partitions: [], disabled: true })).toBe(
      'audited.change@example.com: partitions: all partitions → none; disabled',
    );
  });

  it('leaves out settings sent unchanged', async () => {
    const created = await stack.api.inject({
      method: 'POST',
      url: '/api/users',
      payload: newUser('audited.same@example.com'),
    });
    const { user } = UserResponseSchema.parse(created.json());
    expect(await change(user.id, { role: 'editor', partitions: [2], disabled: false })).toBe(
      'audited.same@example.com: no change',
    );
    expect(await change(user.id, { role: 'editor', partitions: [3] })).toBe(
      'audited.same@example.com: partitions: Mexico → Canada',
    );
  });
});
