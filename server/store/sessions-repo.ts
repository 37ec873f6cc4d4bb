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

// Prepared once per repository: every signed-in request finds its session, and preparing the statement each time
// was most of that read's cost.
function prepareStatements(db: SqliteDb) {
  return {
    create: db.prepare(
      'INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)',
    ),
    find: db.prepare('SELECT * FROM sessions WHERE id_hash = ?'),
    touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?'),
    delete: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    deleteForUser: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
    deleteExpired: db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?'),
  };
}

export class SqliteSessionsRepo implements SessionsRepo {
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(db: SqliteDb) {
    this.statements = prepareStatements(db);
  }

  create(session: SessionRecord): void {
    this.statements.create.run(
      session.idHash,
      session.userId,
      session.csrfToken,
      session.createdAt,
      session.lastSeenAt,
    );
  }

  find(idHash: string): SessionRecord | undefined {
    const row = this.statements.find.get(idHash) as Row | undefined;
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
    this.statements.touch.run(at, idHash);
  }

  delete(idHash: string): void {
    this.statements.delete.run(idHash);
  }

  deleteForUser(userId: number): void {
    this.statements.deleteForUser.run(userId);
  }

  deleteExpired(idleBefore: number, createdBefore: number): void {
    this.statements.deleteExpired.run(idleBefore, createdBefore);
  }
}
