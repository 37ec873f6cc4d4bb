import type { User } from '../contract/access';
import type { UserRecord } from '../store/users-repo';

/** A user as the browser sees it: never the password hash. */
export function toUser(record: UserRecord): User {
  return {
    id: record.id,
    email: record.email,
    name: record.name,
    role: record.role,
    partitions: record.partitions,
    disabled: record.disabled,
    createdAt: record.createdAt,
    lastSignInAt: record.lastSignInAt,
    ssoManaged: record.sso !== null,
  };
}

/** The audit trail's `user` for an actor. */
export function actor(record: UserRecord): { id: number; email: string } {
  return { id: record.id, email: record.email };
}
