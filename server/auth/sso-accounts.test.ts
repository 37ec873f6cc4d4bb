// Accounts of single sign-on users over the real repositories: concurrent first sign-ins of one person.
import { describe, expect, it } from 'vitest';
import { openConsoleDb } from '../store/database';
import { createAccess, DEFAULT_SESSION_SETTINGS } from './access-deps';
import { applySsoAccess } from './sso-accounts';

const profile = {
  identity: { issuer: 'https://idp.example.com', subject: 'u-17' },
  email: 'mia@example.com',
  name: 'Mia',
};
const names = new Map([[2, 'Mexico']]);

describe('applySsoAccess', () => {
  it('makes one account when first sign-ins of the same person start together', async () => {
    const access = createAccess(await openConsoleDb({ sqliteFile: ':memory:' }), {
      session: DEFAULT_SESSION_SETTINGS,
    });
    // Started in one tick, so each reads "no account yet" before any of them creates it.
    const users = await Promise.all(
      [1, 2, 3].map(() =>
        applySsoAccess(access, profile, { role: 'editor', partitions: [2], groups: ['mx-team'] }, names),
      ),
    );
    expect(new Set(users.map((user) => user.id)).size).toBe(1);
    expect(await access.users.list()).toHaveLength(1);
    const created = await access.audit.query(
      { visiblePartitions: 'all', readerUserId: 0, action: 'user.create' },
      10,
    );
    expect(created).toHaveLength(1);
  });

  it('applies groups that changed in between to the account the other sign-in created', async () => {
    const access = createAccess(await openConsoleDb({ sqliteFile: ':memory:' }), {
      session: DEFAULT_SESSION_SETTINGS,
    });
    const [first, second] = await Promise.all([
      applySsoAccess(access, profile, { role: 'editor', partitions: [2], groups: ['mx-team'] }, names),
      applySsoAccess(access, profile, { role: 'admin', partitions: 'all', groups: ['admins'] }, names),
    ]);
    expect(second.id).toBe(first.id);
    expect(await access.users.byId(first.id)).toMatchObject({ role: 'admin', partitions: 'all' });
    const updates = await access.audit.query(
      { visiblePartitions: 'all', readerUserId: 0, action: 'user.update' },
      10,
    );
    expect(updates.map((entry) => entry.summary)).toEqual([
      expect.stringMatching(/^mia@example\.com: partitions: Mexico → all partitions; role: editor → admin/),
    ]);
  });
});
