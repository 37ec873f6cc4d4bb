import { describe, expect, it } from 'vitest';
import { openConsoleDb } from '../store/database';
import { ConsoleUsersRepo } from '../store/users-repo';
import { StartupError } from '../startup-error';
import { DEMO_PASSWORD, bootstrapAccounts, demoSignInText } from './bootstrap';
import { verifyPassword } from './password';

const passwordParams = { N: 2 ** 10, r: 8, p: 1 };

describe('bootstrapAccounts', () => {
  it('creates the demo accounts in emulator mode, once', async () => {
    const users = new ConsoleUsersRepo(await openConsoleDb({ sqliteFile: ':memory:' }));
    await bootstrapAccounts({ users, mode: 'emulator', admin: null, passwordParams });
    await bootstrapAccounts({ users, mode: 'emulator', admin: null, passwordParams });
    expect((await users.list()).map(({ email, role, partitions }) => ({ email, role, partitions }))).toEqual([
      { email: 'admin@example.com', role: 'admin', partitions: 'all' },
      { email: 'canada.viewer@example.com', role: 'viewer', partitions: [3] },
      { email: 'mexico.editor@example.com', role: 'editor', partitions: [2] },
    ]);
    const editor = await users.byEmail('mexico.editor@example.com');
    expect(await verifyPassword(DEMO_PASSWORD, editor?.passwordHash ?? '')).toBe(true);
    expect(demoSignInText()).toContain(DEMO_PASSWORD);
  });

  it('creates the configured admin, and leaves an existing one alone', async () => {
    const users = new ConsoleUsersRepo(await openConsoleDb({ sqliteFile: ':memory:' }));
    const admin = { email: 'ops@example.com', password: 'first-password-1' };
    await bootstrapAccounts({ users, mode: 'marketo', admin, passwordParams });
    const first = await users.byEmail('ops@example.com');
    expect(first).toMatchObject({ role: 'admin', partitions: 'all' });
    await bootstrapAccounts({
      users,
      mode: 'marketo',
      admin: { ...admin, password: 'changed-password' },
      passwordParams,
    });
    expect((await users.byEmail('ops@example.com'))?.passwordHash).toBe(first?.passwordHash);
    expect(await users.count()).toBe(1);
  });

  it('fails fast against Marketo with no user and no admin settings, naming both keys', async () => {
    const users = new ConsoleUsersRepo(await openConsoleDb({ sqliteFile: ':memory:' }));
    const failure = bootstrapAccounts({ users, mode: 'marketo', admin: null, passwordParams });
    await expect(failure).rejects.toThrow(StartupError);
    await expect(failure).rejects.toThrow(/CONSOLE_ADMIN_EMAIL and CONSOLE_ADMIN_PASSWORD/);
  });
});
