// Everything team access needs at run time, built once per app from the console's database.
import type { AuditRepo } from '../store/audit-repo';
import { ConsoleAuditRepo } from '../store/audit-repo';
import type { ConsoleDb } from '../store/kysely';
import { ConsoleSessionsRepo } from '../store/sessions-repo';
import { inTransaction } from '../store/transaction';
import { ConsoleUsersRepo, type UsersRepo } from '../store/users-repo';
import { DEFAULT_SCRYPT_PARAMS, type ScryptParams } from './password';
import { SessionManager, type SessionSettings } from './sessions';
import { MemorySignInLimiter } from './memory-sign-in-limiter';
import type { Redis } from 'ioredis';
import { RedisSignInLimiter } from './redis-sign-in-limiter';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimiter, type SignInLimits } from './sign-in-limiter';

export interface AccessDeps {
  users: UsersRepo;
  sessions: SessionManager;
  audit: AuditRepo;
  limiter: SignInLimiter;
  passwordParams: ScryptParams;
  now: () => number;
  /** Runs `work` in one transaction of the console database: a user change and its audit entry land together. */
  transaction<T>(this: void, work: () => Promise<T>): Promise<T>;
}

export interface AccessOptions {
  session: SessionSettings;
  signInLimits?: SignInLimits;
  passwordParams?: ScryptParams;
  /** REDIS_URL's connection: the sign-in limits are shared by every replica; without it, kept in this process. */
  redis?: Redis;
  /** The clock for sessions, limits and the audit trail (tests move it). */
  now?: () => number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 };

/** Wires the repositories, sessions and sign-in limits over one open console database. */
export function createAccess(db: ConsoleDb, options: AccessOptions): AccessDeps {
  const now = options.now ?? Date.now;
  const users = new ConsoleUsersRepo(db);
  const signInLimits = options.signInLimits ?? DEFAULT_SIGN_IN_LIMITS;
  return {
    users,
    sessions: new SessionManager(new ConsoleSessionsRepo(db), users, options.session, now),
    audit: new ConsoleAuditRepo(db, now),
    limiter: options.redis
      ? new RedisSignInLimiter(options.redis, signInLimits, now)
      : new MemorySignInLimiter(signInLimits, now),
    passwordParams: options.passwordParams ?? DEFAULT_SCRYPT_PARAMS,
    transaction: (work) => inTransaction(db, work),
    now,
  };
}
