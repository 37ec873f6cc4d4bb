// Every read and write single sign-on makes to the users and audit repositories: find or create the account of an
// identity provider user, apply what their groups map to (recorded, old → new), and record sign-ins and refusals.
// A change and its audit entry land together in one transaction, or not at all.
import type { PartitionGrant, Role } from '../contract/access';
import type { ActivityAction } from '../contract/activity';
import type { AuditRepo, NewAuditEntry } from '../store/audit-repo';
import { DuplicateEmailError, type SsoIdentity, type UserRecord, type UsersRepo } from '../store/users-repo';
import { describeUserChange, type PartitionNames } from './user-change';
import { actor } from './user-view';
import type { SessionManager } from './sessions';
import { SsoRefusal } from './sso-refusal';

export interface SsoAccountsDeps {
  users: UsersRepo;
  audit: AuditRepo;
  sessions: SessionManager;
  transaction<T>(this: void, work: () => Promise<T>): Promise<T>;
  now: () => number;
}

export interface SsoProfile {
  identity: SsoIdentity;
  email: string;
  name: string;
}

/** What the user's groups map to, partitions already resolved to Marketo ids. */
export interface MappedAccess {
  role: Role;
  partitions: PartitionGrant;
  groups: readonly string[];
}

// What a user keeps when no group maps: no partition, the lowest role.
const noAccess = (): { role: Role; partitions: PartitionGrant } => ({ role: 'viewer', partitions: [] });

function entry(
  user: { id: number | null; email: string },
  action: ActivityAction,
  summary: string,
): NewAuditEntry {
  return {
    user,
    action,
    partitions: [],
    leadIds: [],
    outcome: 'success',
    leads: [],
    requestIds: [],
    summary,
  };
}

function from(identity: SsoIdentity): string {
  return `${identity.issuer} (subject ${identity.subject})`;
}

/**
 * The account of `profile`, created on the first sign-in and given `access` at every one. Refuses a disabled
 * account (the console's flag wins) and an email that belongs to a console account (never taken over by SSO).
 */
export async function applySsoAccess(
  deps: SsoAccountsDeps,
  profile: SsoProfile,
  access: MappedAccess,
  names: PartitionNames,
): Promise<UserRecord> {
  const { users, audit, transaction } = deps;
  const existing = await users.bySso(profile.identity);
  if (!existing) return createAccount(deps, profile, access, names);
  if (existing.disabled)
    throw new SsoRefusal('disabled', `account disabled in the console`, {
      email: existing.email,
      userId: existing.id,
    });
  const patch = { role: access.role, partitions: access.partitions };
  const change = describeUserChange(existing, patch, names);
  if (change === 'no change') return existing;
  return await transaction(async () => {
    const updated = (await users.update(existing.id, patch)) ?? existing;
    await audit.append(
      entry(
        actor(existing),
        'user.update',
        `${existing.email}: ${change} (from groups ${access.groups.join(', ')} at ${from(profile.identity)})`,
      ),
    );
    return updated;
  });
}

async function createAccount(
  deps: SsoAccountsDeps,
  profile: SsoProfile,
  access: MappedAccess,
  names: PartitionNames,
): Promise<UserRecord> {
  const { users, audit, transaction, now } = deps;
  const owner = await users.byEmail(profile.email);
  const sameIdentity =
    owner?.sso?.issuer === profile.identity.issuer && owner.sso.subject === profile.identity.subject;
  // Created by a first sign-in of the same person running alongside this one: apply the groups to it.
  if (owner && sameIdentity) return applySsoAccess(deps, profile, access, names);
  if (owner && !owner.sso)
    throw new SsoRefusal('account-conflict', `${profile.email} is a console account`, {
      email: owner.email,
      userId: owner.id,
    });
  if (owner)
    throw new SsoRefusal('account-conflict', `${profile.email} belongs to ${from(owner.sso!)}`, {
      email: owner.email,
      userId: owner.id,
    });
  try {
    return await transaction(async () => {
      const created = await users.create({
        email: profile.email,
        name: profile.name,
        ...access,
        // No password: an SSO account signs in only through its provider. Malformed hashes never match.
        passwordHash: '',
        createdAt: new Date(now()).toISOString(),
        sso: profile.identity,
      });
      const grant = describeUserChange({ ...created, ...noAccess() }, access, names);
      await audit.append(
        entry(
          actor(created),
          'user.create',
          `created ${created.email} by single sign-on from ${from(profile.identity)}: ${grant} (from groups ${access.groups.join(', ')})`,
        ),
      );
      return created;
    });
  } catch (error) {
    // Two first sign-ins at once: the other one created the account; this one applies the groups to it.
    if (error instanceof DuplicateEmailError && (await users.bySso(profile.identity)))
      return applySsoAccess(deps, profile, access, names);
    throw error;
  }
}

/**
 * A user none of whose groups is mapped any more: their account (if any) keeps no role or partition, and its
 * sessions end, so removing someone from the group at the provider removes their access here.
 */
export async function withdrawSsoAccess(
  deps: SsoAccountsDeps,
  identity: SsoIdentity,
  names: PartitionNames,
): Promise<UserRecord | undefined> {
  const { users, audit, sessions, transaction } = deps;
  const existing = await users.bySso(identity);
  if (!existing) return undefined;
  const change = describeUserChange(existing, noAccess(), names);
  await transaction(async () => {
    if (change !== 'no change') {
      await users.update(existing.id, noAccess());
      await audit.append(
        entry(
          actor(existing),
          'user.update',
          `${existing.email}: ${change} (no mapped group at ${from(identity)})`,
        ),
      );
    }
    await sessions.endAllFor(existing.id);
  });
  return existing;
}

/** Records a successful SSO sign-in, with the issuer and subject. */
export async function recordSsoSignIn(
  deps: SsoAccountsDeps,
  user: UserRecord,
  address: string,
): Promise<void> {
  const at = new Date(deps.now()).toISOString();
  await deps.users.markSignedIn(user.id, at);
  await deps.audit.append(
    entry(
      actor(user),
      'auth.sign-in',
      `signed in by single sign-on from ${address}, ${user.sso ? from(user.sso) : 'unknown issuer'}`,
    ),
  );
}

/** Records a refused SSO sign-in and why (`detail` names the failed check, never a token). */
export async function recordSsoRefusal(
  deps: SsoAccountsDeps,
  refusal: SsoRefusal,
  context: { address: string; issuer: string; subject?: string },
): Promise<void> {
  const subject = context.subject ? ` (subject ${context.subject})` : '';
  await deps.audit.append({
    ...entry(
      { id: refusal.who.userId ?? null, email: refusal.who.email ?? '(single sign-on)' },
      'user.update',
      '',
    ),
    action: 'auth.sign-in-failed',
    outcome: 'failure',
    summary: `single sign-on refused (${refusal.reason}: ${refusal.detail}) from ${context.address}, ${context.issuer}${subject}`,
  });
}
