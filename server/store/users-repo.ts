// Accounts: who may sign in, with which role and which partitions. Routes see only the `UsersRepo` interface,
// so another database can take SQLite's place.
import type { PartitionGrant, Role } from '../contract/access';
import type { SqliteDb } from './database';

/** The identity provider account an SSO-managed user is (server/auth/README.md "Single sign-on"). */
export interface SsoIdentity {
  issuer: string;
  subject: string;
}

export interface UserRecord {
  id: number;
  /** Lower-cased. */
  email: string;
  name: string;
  role: Role;
  partitions: PartitionGrant;
  disabled: boolean;
  passwordHash: string;
  createdAt: string;
  lastSignInAt: string | null;
  /** Set for accounts managed by single sign-on; `null` for console accounts. */
  sso: SsoIdentity | null;
}

export type NewUser = Omit<UserRecord, 'id' | 'lastSignInAt' | 'disabled' | 'sso'> & {
  disabled?: boolean;
  sso?: SsoIdentity;
};
export type UserPatch = Partial<
  Pick<UserRecord, 'name' | 'role' | 'partitions' | 'disabled' | 'passwordHash'>
>;

export interface UsersRepo {
  count(): number;
  list(): UserRecord[];
  byId(id: number): UserRecord | undefined;
  byEmail(email: string): UserRecord | undefined;
  bySso(identity: SsoIdentity): UserRecord | undefined;
  /** Throws `DuplicateEmailError` when the email is taken. */
  create(user: NewUser): UserRecord;
  update(id: number, patch: UserPatch): UserRecord | undefined;
  markSignedIn(id: number, at: string): void;
}

export class DuplicateEmailError extends Error {
  override name = 'DuplicateEmailError';
}

interface Row {
  id: number;
  email: string;
  name: string;
  role: Role;
  partitions: string;
  disabled: number;
  password_hash: string;
  created_at: string;
  last_sign_in_at: string | null;
  sso_issuer: string | null;
  sso_subject: string | null;
}

function toRecord(row: Row): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    partitions: JSON.parse(row.partitions) as PartitionGrant,
    disabled: row.disabled === 1,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
    sso:
      row.sso_issuer !== null && row.sso_subject !== null
        ? { issuer: row.sso_issuer, subject: row.sso_subject }
        : null,
  };
}

const COLUMNS: Record<keyof UserPatch, string> = {
  name: 'name',
  role: 'role',
  partitions: 'partitions',
  disabled: 'disabled',
  passwordHash: 'password_hash',
};

// The reads every signed-in request makes, prepared once per repository: preparing them each time was most of
// their cost.
function prepareReads(db: SqliteDb) {
  return {
    byId: db.prepare('SELECT * FROM users WHERE id = ?'),
    byEmail: db.prepare('SELECT * FROM users WHERE email = ?'),
  };
}

export class SqliteUsersRepo implements UsersRepo {
  private readonly reads: ReturnType<typeof prepareReads>;

  constructor(private readonly db: SqliteDb) {
    this.reads = prepareReads(db);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  list(): UserRecord[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY email').all() as Row[]).map(toRecord);
  }

  byId(id: number): UserRecord | undefined {
    const row = this.reads.byId.get(id) as Row | undefined;
    return row && toRecord(row);
  }

  byEmail(email: string): UserRecord | undefined {
    const row = this.reads.byEmail.get(email.toLowerCase()) as Row | undefined;
    return row && toRecord(row);
  }

  bySso(identity: SsoIdentity): UserRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM users WHERE sso_issuer = ? AND sso_subject = ?')
      .get(identity.issuer, identity.subject) as Row | undefined;
    return row && toRecord(row);
  }

  create(user: NewUser): UserRecord {
    try {
      const result = this.db
        .prepare(
          `INSERT INTO users (email, name, role, partitions, disabled, password_hash, created_at, sso_issuer, sso_subject)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          user.email.toLowerCase(),
          user.name,
          user.role,
          JSON.stringify(user.partitions),
          user.disabled ? 1 : 0,
          user.passwordHash,
          user.createdAt,
          user.sso?.issuer ?? null,
          user.sso?.subject ?? null,
        );
      return this.byId(Number(result.lastInsertRowid))!;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new DuplicateEmailError('A user with this email exists');
      }
      throw error;
    }
  }

  update(id: number, patch: UserPatch): UserRecord | undefined {
    const sets: string[] = [];
    const values: (string | number)[] = [];
    for (const [key, column] of Object.entries(COLUMNS) as [keyof UserPatch, string][]) {
      const value = patch[key];
      if (value === undefined) continue;
      sets.push(`${column} = ?`);
      if (key === 'partitions') values.push(JSON.stringify(value));
      else values.push(typeof value === 'boolean' ? Number(value) : (value as string));
    }
    if (sets.length > 0)
      this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    return this.byId(id);
  }

  markSignedIn(id: number, at: string): void {
    this.db.prepare('UPDATE users SET last_sign_in_at = ? WHERE id = ?').run(at, id);
  }
}
