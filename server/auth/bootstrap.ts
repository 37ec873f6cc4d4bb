// Accounts that must exist at start-up: the first admin from CONSOLE_ADMIN_EMAIL / CONSOLE_ADMIN_PASSWORD, and in
// emulator mode the demo accounts. An existing account is never touched (its password may have been changed).
import type { PartitionGrant, Role } from '../contract/access';
import { StartupError } from '../startup-error';
import type { UsersRepo } from '../store/users-repo';
import { hashPassword, type ScryptParams } from './password';

/** The documented password of every demo account (emulator mode only). */
export const DEMO_PASSWORD = 'partition-demo-2026';

export const DEMO_ACCOUNTS: readonly {
  email: string;
  name: string;
  role: Role;
  partitions: PartitionGrant;
}[] = [
  { email: 'admin@example.com', name: 'Demo Admin', role: 'admin', partitions: 'all' },
  { email: 'mexico.editor@example.com', name: 'Mexico Editor', role: 'editor', partitions: [2] },
  { email: 'canada.viewer@example.com', name: 'Canada Viewer', role: 'viewer', partitions: [3] },
];

export interface BootstrapOptions {
  users: UsersRepo;
  mode: 'emulator' | 'marketo';
  admin: { email: string; password: string } | null;
  passwordParams: ScryptParams;
  now?: () => number;
}

/**
 * Creates the configured admin and (emulator mode) the demo accounts when missing. Against Marketo with no user
 * at all and no admin configured, throws a `StartupError` naming the two settings.
 */
export async function bootstrapAccounts(options: BootstrapOptions): Promise<{ demo: boolean }> {
  const { users, mode, admin, passwordParams } = options;
  const createdAt = new Date((options.now ?? Date.now)()).toISOString();
  if (admin && !(await users.byEmail(admin.email))) {
    await users.create({
      email: admin.email,
      name: 'Administrator',
      role: 'admin',
      partitions: 'all',
      passwordHash: await hashPassword(admin.password, passwordParams),
      createdAt,
    });
  }
  if (mode === 'marketo') {
    if ((await users.count()) === 0) {
      throw new StartupError(
        'No console users yet: set CONSOLE_ADMIN_EMAIL and CONSOLE_ADMIN_PASSWORD to create the first admin.',
      );
    }
    return { demo: false };
  }
  for (const account of DEMO_ACCOUNTS) {
    if (await users.byEmail(account.email)) continue;
    await users.create({
      ...account,
      passwordHash: await hashPassword(DEMO_PASSWORD, passwordParams),
      createdAt,
    });
  }
  return { demo: true };
}

/** What `npm start` prints after the ready line in emulator mode. */
export function demoSignInText(): string {
  const emails = DEMO_ACCOUNTS.map((account) => `${account.email} (${account.role})`).join(', ');
  return `Sign in as ${emails}; password: ${DEMO_PASSWORD}`;
}
