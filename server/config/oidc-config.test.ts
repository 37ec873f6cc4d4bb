import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const oidc = {
  OIDC_ISSUER: 'https://login.example.com/tenant',
  OIDC_CLIENT_ID: 'console',
  OIDC_CLIENT_SECRET: 'very-secret-client-value',
  OIDC_GROUP_ROLES: 'marketo-admins=admin:*;mx-team=editor:Mexico;ca-team=viewer:Canada, Default',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('OIDC settings', () => {
  it('are off without OIDC_ISSUER, with password sign-in on', () => {
    const config = loadConfig({});
    expect(config.oidc).toBeNull();
    expect(config.passwordSignIn).toEqual({ enabled: true, breakGlassEmail: null });
  });

  it('read the mapping, with the documented defaults', () => {
    const config = loadConfig({
      ...oidc,
      PASSWORD_SIGN_IN: 'false',
      CONSOLE_ADMIN_EMAIL: 'Ops@Example.com',
      CONSOLE_ADMIN_PASSWORD: 'long-enough-password',
    });
    expect(config.oidc).toMatchObject({
      scopes: 'openid email profile',
      groupsClaim: 'groups',
      displayName: 'single sign-on',
      redirectUrl: null,
      groupRoles: [
        { group: 'marketo-admins', role: 'admin', partitions: 'all' },
        { group: 'mx-team', role: 'editor', partitions: ['Mexico'] },
        { group: 'ca-team', role: 'viewer', partitions: ['Canada', 'Default'] },
      ],
    });
    expect(config.passwordSignIn).toEqual({ enabled: false, breakGlassEmail: 'ops@example.com' });
  });

  it('refuse a bad mapping at start, naming each bad entry', () => {
    const problems = problemsOf({
      ...oidc,
      OIDC_GROUP_ROLES: 'admins=root:*;mx-team=editor;ca=viewer:Canada,*;mx-team=viewer:Mexico;x=editor:a,,b',
    });
    expect(problems).toEqual([
      'OIDC_GROUP_ROLES entry 1 ("admins=root:*"): the role must be viewer, editor or admin',
      'OIDC_GROUP_ROLES entry 2 ("mx-team=editor") must read group=role:partitions',
      'OIDC_GROUP_ROLES entry 3 ("ca=viewer:Canada,*"): * (all partitions) stands alone',
      'OIDC_GROUP_ROLES entry 5 ("x=editor:a,,b"): name at least one partition, or * for all',
    ]);
    expect(problemsOf({ ...oidc, OIDC_GROUP_ROLES: 'a=viewer:X;a=admin:*' })).toEqual([
      'OIDC_GROUP_ROLES maps group "a" twice',
    ]);
  });

  it('name missing and stray settings, never the secret', () => {
    const problems = problemsOf({
      OIDC_ISSUER: 'http://idp.example.com',
      OIDC_REDIRECT_URL: 'https://c.example.com/cb',
    });
    expect(problems).toEqual([
      'OIDC_ISSUER must be an https URL (http only on loopback, for a local test provider)',
      "OIDC_REDIRECT_URL must end in /api/session/oidc/callback, the console's callback",
      'OIDC_CLIENT_ID is missing (OIDC_ISSUER is set)',
      'OIDC_CLIENT_SECRET is missing (OIDC_ISSUER is set)',
      'OIDC_GROUP_ROLES is missing: map at least one group, e.g. admins=admin:*',
    ]);
    expect(problemsOf({ OIDC_CLIENT_SECRET: 'very-secret-client-value', PASSWORD_SIGN_IN: 'false' })).toEqual(
      [
        'OIDC_CLIENT_SECRET is set but OIDC_ISSUER is not',
        'PASSWORD_SIGN_IN=false needs OIDC_ISSUER (nobody but the break-glass admin could sign in)',
      ],
    );
    expect(problemsOf({ ...oidc, PASSWORD_SIGN_IN: 'no', OIDC_SCOPES: 'email' }).join('\n')).not.toContain(
      'very-secret',
    );
  });

  it('allow http only for a provider on this machine', () => {
    expect(loadConfig({ ...oidc, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe(
      'http://127.0.0.1:4000',
    );
  });
});
