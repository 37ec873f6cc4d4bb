import { describe, expect, it } from 'vitest';
import { openConsoleDb } from './database';
import { ConsoleUsersRepo } from './users-repo';

const account = {
  name: 'Mia',
  role: 'editor' as const,
  partitions: [2],
  passwordHash: '',
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('SSO identities on users', () => {
  it('finds an SSO account by issuer and subject, and console accounts have none', async () => {
    const users = new ConsoleUsersRepo(await openConsoleDb({ sqliteFile: ':memory:' }));
    const sso = { issuer: 'https://idp.example.com', subject: 'u-17' };
    const created = await users.create({ ...account, email: 'mia@example.com', sso });
    await users.create({ ...account, email: 'local@example.com' });
    expect(created.sso).toEqual(sso);
    expect((await users.bySso(sso))?.email).toBe('mia@example.com');
    expect(await users.bySso({ ...sso, issuer: 'https://other.example.com' })).toBeUndefined();
    expect((await users.byEmail('local@example.com'))?.sso).toBeNull();
  });

  it('refuses a second account for the same issuer and subject', async () => {
    const users = new ConsoleUsersRepo(await openConsoleDb({ sqliteFile: ':memory:' }));
    const sso = { issuer: 'https://idp.example.com', subject: 'u-17' };
    await users.create({ ...account, email: 'a@example.com', sso });
    await expect(users.create({ ...account, email: 'b@example.com', sso })).rejects.toThrow();
    expect(await users.list()).toHaveLength(1);
  });
});
