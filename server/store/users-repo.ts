// Accounts: who may sign in, with which role and which partitions. Routes see only the `UsersRepo` interface;
// one implementation serves SQLite and PostgreSQL (server/store/kysely.ts).
import type { PartitionGrant, Role } from '../contract/access';
import { sql, type Selectable, type Updateable } from 'kysely';
import { constraintViolation } from './constraint-violation';
import { fromFlag, toFlag } from './dialect-sql';
import type { ConsoleDb } from './kysely';
import type { UsersTable } from './schema';
import { executor } from './transaction';

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
  count(): Promise<number>;
  list(): Promise<UserRecord[]>;
  byId(id: number): Promise<UserRecord | undefined>;
  byEmail(email: string): Promise<UserRecord | undefined>;
  bySso(identity: SsoIdentity): Promise<UserRecord | undefined>;
  /** Throws `DuplicateEmailError` when the email (or the SSO account) is taken. */
  create(user: NewUser): Promise<UserRecord>;
  update(id: number, patch: UserPatch): Promise<UserRecord | undefined>;
  markSignedIn(id: number, at: string): Promise<void>;
  /** Inside a transaction: holds every other user change off until it ends, so a read, a check and a write
   *  are one step (the last active admin stays). */
  lockForChange(): Promise<void>;
}

export class DuplicateEmailError extends Error {
  override name = 'DuplicateEmailError';
}

type Row = Selectable<UsersTable>;

function toRecord(row: Row): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    partitions: JSON.parse(row.partitions) as PartitionGrant,
    disabled: fromFlag(row.disabled),
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
    sso:
      row.sso_issuer !== null && row.sso_subject !== null
        ? { issuer: row.sso_issuer, subject: row.sso_subject }
        : null,
  };
}

export class ConsoleUsersRepo implements UsersRepo {
  constructor(private readonly consoleDb: ConsoleDb) {}

  private get db() {
    return executor(this.consoleDb);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async list(): Promise<UserRecord[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('email').execute()).map(toRecord);
  }

  async byId(id: number): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async byEmail(email: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async bySso(identity: SsoIdentity): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('sso_issuer', '=', identity.issuer)
      .where('sso_subject', '=', identity.subject)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async create(user: NewUser): Promise<UserRecord> {
    // ON CONFLICT DO NOTHING rather than a caught error: on PostgreSQL a failed INSERT would abort the transaction
    // the caller may be in (an SSO sign-in looks the account up again after a duplicate).
    try {
      const row = await this.db
        .insertInto('users')
        .values({
          email: user.email.toLowerCase(),
          name: user.name,
          role: user.role,
          partitions: JSON.stringify(user.partitions),
          disabled: toFlag(this.consoleDb, user.disabled ?? false),
          password_hash: user.passwordHash,
          created_at: user.createdAt,
          sso_issuer: user.sso?.issuer ?? null,
          sso_subject: user.sso?.subject ?? null,
        })
        .onConflict((conflict) => conflict.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (row) return toRecord(row);
    } catch (error) {
      if (constraintViolation(error) !== 'unique') throw error;
    }
    throw new DuplicateEmailError('A user with this email exists');
  }

  async update(id: number, patch: UserPatch): Promise<UserRecord | undefined> {
    const values: Updateable<UsersTable> = {};
    if (patch.name !== undefined) values.name = patch.name;
    if (patch.role !== undefined) values.role = patch.role;
    if (patch.partitions !== undefined) values.partitions = JSON.stringify(patch.partitions);
    if (patch.disabled !== undefined) values.disabled = toFlag(this.consoleDb, patch.disabled);
    if (patch.passwordHash !== undefined) values.password_hash = patch.passwordHash;
    if (Object.keys(values).length > 0)
      await this.db.updateTable('users').set(values).where('id', '=', id).execute();
    return this.byId(id);
  }

  async markSignedIn(id: number, at: string): Promise<void> {
    await this.db.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', id).execute();
  }

  async lockForChange(): Promise<void> {
    // SQLite's transaction already holds the one connection every query of the process waits for; PostgreSQL's
    // row locks would miss a change to another admin, so the table's writers wait meanwhile (its readers do not).
    if (this.consoleDb.dialect === 'postgres')
      await sql`LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`.execute(this.db);
  }
}
