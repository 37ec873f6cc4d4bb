// Server-side sessions, keyed by the SHA-256 of the cookie's value (a leaked database holds no usable cookie).
// Deleting a row ends the session at once: sign-out, a disabled user, a password reset.
import type { SqliteDb } from './database';

export interface SessionRecord {
  idHash: string;
  userId: number;
  csrfToken: string;
  /** Epoch milliseconds. */
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionsRepo {
  create(session: SessionRecord): void;
  find(idHash: string): SessionRecord | undefined;
  touch(idHash: string, at: number): void;
  delete(idHash: string): void;
  deleteForUser(userId: number): void;
  /** Drops sessions idle since before `idleBefore` or created before `createdBefore`. */
  deleteExpired(idleBefore: number, createdBefore: number): void;
}

interface Row {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
}

export class SqliteSessionsRepo implements SessionsRepo {
  constructor(private readonly db: SqliteDb) {}

  create(session: SessionRecord): void {
    this.db
      .prepare(
        'INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(session.idHash, session.userId, session.csrfToken, session.createdAt, session.lastSeenAt);
  }

  find(idHash: string): SessionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as Row | undefined;
    return (
      row && {
        idHash: row.id_hash,
        userId: row.user_id,
        csrfToken: row.csrf_token,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
      }
    );
  }

  touch(idHash: string, at: number): void {
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(at, idHash);
  }

  delete(idHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  deleteForUser(userId: number): void {
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  deleteExpired(idleBefore: number, createdBefore: number): void {
    this.db
      .prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?')
      .run(idleBefore, createdBefore);
  }
}
