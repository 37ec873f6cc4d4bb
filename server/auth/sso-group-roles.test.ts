import { describe, expect, it } from 'vitest';
import { accessForGroups, parseGroupRoles } from './sso-group-roles';

const mapping = parseGroupRoles(
  'marketo-admins=admin:*;mx-team=editor:Mexico;ca-team=viewer:Canada;cn=emea,ou=groups=viewer:Mexico,Germany',
);

describe('accessForGroups', () => {
  it('gives the highest role and the union of the partitions of every mapped group', () => {
    expect(accessForGroups(mapping, ['ca-team', 'mx-team', 'interns'])).toEqual({
      role: 'editor',
      partitions: ['Mexico', 'Canada'],
      groups: ['mx-team', 'ca-team'],
    });
    expect(accessForGroups(mapping, ['cn=emea,ou=groups', 'mx-team'])).toEqual({
      role: 'editor',
      partitions: ['Mexico', 'Germany'],
      groups: ['mx-team', 'cn=emea,ou=groups'],
    });
  });

  it('gives all partitions when any group grants all', () => {
    expect(accessForGroups(mapping, ['ca-team', 'marketo-admins'])).toMatchObject({
      role: 'admin',
      partitions: 'all',
    });
  });

  it('gives nothing when no group is mapped, whatever the case of a near miss', () => {
    expect(accessForGroups(mapping, ['MX-TEAM', 'interns'])).toBeNull();
    expect(accessForGroups(mapping, [])).toBeNull();
  });
});
