import { describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { SqliteUsersRepo } from './users-repo';

const account = {
  name: 'Mia',
  role: 'editor' as const,
  partitions: [2],
  passwordHash: '',
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('SSO identities on users', () => {
  it('finds an SSO account by issuer and subject, and console accounts have none', () => {
    const users = new SqliteUsersRepo(openDatabase(':memory:'));
    const sso = { issuer: 'https://idp.example.com', subject: 'u-17' };
    const created = users.create({ ...account, email: 'mia@example.com', sso });
    users.create({ ...account, email: 'local@example.com' });
    expect(created.sso).toEqual(sso);
    expect(users.bySso(sso)?.email).toBe('mia@example.com');
    expect(users.bySso({ ...sso, issuer: 'https://other.example.com' })).toBeUndefined();
    expect(users.byEmail('local@example.com')?.sso).toBeNull();
  });

  it('refuses a second account for the same issuer and subject', () => {
    const users = new SqliteUsersRepo(openDatabase(':memory:'));
    const sso = { issuer: 'https://idp.example.com', subject: 'u-17' };
    users.create({ ...account, email: 'a@example.com', sso });
    expect(() => users.create({ ...account, email: 'b@example.com', sso })).toThrow();
    expect(users.list()).toHaveLength(1);
  });
});
