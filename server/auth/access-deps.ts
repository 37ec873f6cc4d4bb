// Everything team access needs at run time, built once per app from the console's database.
import type { AuditRepo } from '../store/audit-repo';
import { SqliteAuditRepo } from '../store/audit-repo';
import type { SqliteDb } from '../store/database';
import { SqliteSessionsRepo } from '../store/sessions-repo';
import { SqliteUsersRepo, type UsersRepo } from '../store/users-repo';
import { DEFAULT_SCRYPT_PARAMS, type ScryptParams } from './password';
import { SessionManager, type SessionSettings } from './sessions';
import { DEFAULT_SIGN_IN_LIMITS, SignInLimiter, type SignInLimits } from './sign-in-limiter';

export interface AccessDeps {
  users: UsersRepo;
  sessions: SessionManager;
  audit: AuditRepo;
  limiter: SignInLimiter;
  passwordParams: ScryptParams;
  now: () => number;
  /** Runs `work` in one transaction of the console database: a user change and its audit entry land together. */
  transaction<T>(this: void, work: () => T): T;
}

export interface AccessOptions {
  session: SessionSettings;
  signInLimits?: SignInLimits;
  passwordParams?: ScryptParams;
  /** The clock for sessions, limits and the audit trail (tests move it). */
  now?: () => number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 };

/** Wires the SQLite repositories, sessions and sign-in limits over one open database. */
export function createAccess(db: SqliteDb, options: AccessOptions): AccessDeps {
  const now = options.now ?? Date.now;
  const users = new SqliteUsersRepo(db);
  return {
    users,
    sessions: new SessionManager(new SqliteSessionsRepo(db), users, options.session, now),
    audit: new SqliteAuditRepo(db, now),
    limiter: new SignInLimiter(options.signInLimits ?? DEFAULT_SIGN_IN_LIMITS, now),
    passwordParams: options.passwordParams ?? DEFAULT_SCRYPT_PARAMS,
    transaction: (work) => db.transaction(work)(),
    now,
  };
}
