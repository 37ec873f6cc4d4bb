// OIDC_GROUP_ROLES: which identity provider groups give which role and partitions, e.g.
// `marketo-admins=admin:*;mx-team=editor:Mexico;ca-team=viewer:Canada` (server/auth/README.md "Single sign-on").
// Partitions are named as Marketo names them and resolved to ids at each sign-in, since they may be created later.
import type { Role } from '../contract/access';

/** `all` (written `*`), or Marketo partition names. */
export type MappedPartitions = 'all' | readonly string[];

export interface GroupRole {
  group: string;
  role: Role;
  partitions: MappedPartitions;
}

/** What a user's groups add up to: the highest role, and the union of the partitions. */
export interface GroupAccess {
  role: Role;
  partitions: MappedPartitions;
  /** The mapped groups the user is in, in mapping order (for the audit trail). */
  groups: string[];
}

const ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];

/** Thrown for a mapping that cannot be read; each problem names the entry, never guesses what was meant. */
export class GroupRolesError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'GroupRolesError';
  }
}

function parseEntry(entry: string, index: number): GroupRole | string {
  const where = `OIDC_GROUP_ROLES entry ${index + 1} ("${entry}")`;
  // The last `=`: group names may hold one (an LDAP DN such as cn=mx,ou=groups); roles and partitions do not.
  const eq = entry.lastIndexOf('=');
  const colon = entry.indexOf(':', eq);
  if (eq <= 0 || colon === -1) return `${where} must read group=role:partitions`;
  const group = entry.slice(0, eq).trim();
  const role = entry.slice(eq + 1, colon).trim();
  const names = entry
    .slice(colon + 1)
    .split(',')
    .map((name) => name.trim());
  if (!ROLES.includes(role as Role)) return `${where}: the role must be viewer, editor or admin`;
  if (names.some((name) => name === '')) return `${where}: name at least one partition, or * for all`;
  if (names.includes('*') && names.length > 1) return `${where}: * (all partitions) stands alone`;
  return { group, role: role as Role, partitions: names[0] === '*' ? 'all' : names };
}

/** Reads OIDC_GROUP_ROLES; throws `GroupRolesError` listing every bad entry. */
export function parseGroupRoles(text: string): GroupRole[] {
  const entries = text
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new GroupRolesError(['OIDC_GROUP_ROLES maps no group']);
  const problems: string[] = [];
  const mapping: GroupRole[] = [];
  entries.forEach((entry, index) => {
    const parsed = parseEntry(entry, index);
    if (typeof parsed === 'string') problems.push(parsed);
    else if (mapping.some((known) => known.group === parsed.group))
      problems.push(`OIDC_GROUP_ROLES maps group "${parsed.group}" twice`);
    else mapping.push(parsed);
  });
  if (problems.length > 0) throw new GroupRolesError(problems);
  return mapping;
}

/** The access `groups` give under `mapping`, or `null` when none of them is mapped. */
export function accessForGroups(
  mapping: readonly GroupRole[],
  groups: readonly string[],
): GroupAccess | null {
  const matched = mapping.filter((entry) => groups.includes(entry.group));
  if (matched.length === 0) return null;
  const role = matched.reduce<Role>(
    (best, entry) => (ROLES.indexOf(entry.role) > ROLES.indexOf(best) ? entry.role : best),
    'viewer',
  );
  const partitions: MappedPartitions = matched.some((entry) => entry.partitions === 'all')
    ? 'all'
    : [...new Set(matched.flatMap((entry) => entry.partitions as readonly string[]))];
  return { role, partitions, groups: matched.map((entry) => entry.group) };
}
