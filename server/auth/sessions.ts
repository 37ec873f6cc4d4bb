// Sessions: a random 256-bit id in the cookie, only its SHA-256 on the server, a CSRF token per session, and
// two expiries (idle, sliding; absolute, from sign-in). Every request resolves the session and its user afresh,
// so sign-out, a disabled account or a changed role takes effect on the next request. Ending a session fails
// closed: if its row cannot be deleted, the session is revoked in memory (server/auth/revoked-sessions.ts).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionRecord, SessionsRepo } from '../store/sessions-repo';
import type { UserRecord, UsersRepo } from '../store/users-repo';
import { RevokedSessions } from './revoked-sessions';

export interface SessionSettings {
  idleMs: number;
  absoluteMs: number;
}

export interface ActiveSession {
  session: SessionRecord;
  user: UserRecord;
}

// Writing last-seen on every request would turn reads into writes; a minute's precision is plenty for 30 min.
const TOUCH_INTERVAL_MS = 60_000;

function hashId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** Compares two tokens in constant time. */
export function tokensMatch(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether an ended session's row is gone, or only revoked in this process (and why). */
export type SessionEnding = { deleted: true } | { deleted: false; error: unknown };

export class SessionManager {
  private readonly revoked = new RevokedSessions();

  constructor(
    private readonly sessions: SessionsRepo,
    private readonly users: UsersRepo,
    private readonly settings: SessionSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a session; returns the cookie value (never stored) and the session's CSRF token. */
  async start(userId: number): Promise<{ cookieValue: string; csrfToken: string }> {
    const cookieValue = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = this.now();
    await this.sessions.deleteExpired(now - this.settings.idleMs, now - this.settings.absoluteMs);
    await this.sessions.create({
      idHash: hashId(cookieValue),
      userId,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
    });
    // The database takes writes again: delete the rows of sessions that were ended while it did not.
    for (const idHash of this.revoked.pending()) {
      if (!(await this.deleteRow(idHash)).deleted) break;
      this.revoked.forget(idHash);
    }
    return { cookieValue, csrfToken };
  }

  /** The live session for a cookie value and its (enabled) user; ends the session if it has expired. */
  async resolve(cookieValue: string | undefined): Promise<ActiveSession | undefined> {
    if (!cookieValue) return undefined;
    const idHash = hashId(cookieValue);
    const now = this.now();
    if (this.revoked.has(idHash, now)) return undefined;
    const session = await this.sessions.find(idHash);
    if (!session) return undefined;
    const idle = now - session.lastSeenAt >= this.settings.idleMs;
    const old = now - session.createdAt >= this.settings.absoluteMs;
    const user = await this.users.byId(session.userId);
    if (idle || old || !user || user.disabled) {
      await this.end(session);
      return undefined;
    }
    if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS || now < session.lastSeenAt) {
      // A database that takes no writes must not sign everyone out or fail every request: the idle expiry then
      // counts from the last recorded touch, which only ends the session sooner.
      try {
        await this.sessions.touch(idHash, now);
        session.lastSeenAt = now;
      } catch {
        // Nothing to undo; see above.
      }
    }
    return { session, user };
  }

  /** Ends the session at once; never throws. If its row cannot be deleted, it is refused in this process. */
  async end(session: SessionRecord): Promise<SessionEnding> {
    const ending = await this.deleteRow(session.idHash);
    if (!ending.deleted)
      this.revoked.add(session.idHash, session.createdAt + this.settings.absoluteMs, this.now());
    return ending;
  }

  private async deleteRow(idHash: string): Promise<SessionEnding> {
    try {
      await this.sessions.delete(idHash);
      return { deleted: true };
    } catch (error) {
      return { deleted: false, error };
    }
  }

  async endAllFor(userId: number): Promise<void> {
    await this.sessions.deleteForUser(userId);
  }
}
