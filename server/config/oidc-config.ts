// OIDC_* and PASSWORD_SIGN_IN: single sign-on through an OpenID provider (server/auth/README.md "Single sign-on").
// Read apart from env-schema.ts because the settings only make sense together; problems name keys and mapping
// entries, never OIDC_CLIENT_SECRET's value.
import { GroupRolesError, parseGroupRoles, type GroupRole } from '../auth/sso-group-roles';
import { isLoopbackHost } from './loopback';

export const OIDC_CALLBACK_PATH = '/api/session/oidc/callback';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** OIDC_REDIRECT_URL; `null`: the callback on the origin the browser used (the host check vouches for it). */
  redirectUrl: string | null;
  scopes: string;
  /** Shown as "Sign in with <displayName>". */
  displayName: string;
  groupsClaim: string;
  groupRoles: readonly GroupRole[];
  /** Who to ask for access, shown to a user none of whose groups is mapped. */
  accessContact: string | null;
}

/** Password sign-in, and the break-glass admin (CONSOLE_ADMIN_EMAIL) who keeps it when it is off. */
export interface PasswordSignInPolicy {
  enabled: boolean;
  breakGlassEmail: string | null;
}

const OPTIONAL_KEYS = [
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_REDIRECT_URL',
  'OIDC_SCOPES',
  'OIDC_DISPLAY_NAME',
  'OIDC_GROUPS_CLAIM',
  'OIDC_GROUP_ROLES',
  'OIDC_ACCESS_CONTACT',
] as const;

function text(env: Record<string, string | undefined>, key: string): string | undefined {
  const value = env[key]?.trim();
  return value === '' ? undefined : value;
}

function urlProblem(key: string, value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${key} must be a URL`;
  }
  // Tokens and codes cross this connection: plain http only to a provider on this machine (a test one).
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))
    return undefined;
  return `${key} must be an https URL (http only on loopback, for a local test provider)`;
}

/** Returns the OIDC settings (`null` without OIDC_ISSUER) and the password policy, or the problems found. */
export function readOidcConfig(
  env: Record<string, string | undefined>,
  adminEmail: string | null,
): { oidc: OidcSettings | null; passwordSignIn: PasswordSignInPolicy } | { problems: string[] } {
  const problems: string[] = [];
  const password = text(env, 'PASSWORD_SIGN_IN') ?? 'true';
  if (password !== 'true' && password !== 'false') problems.push('PASSWORD_SIGN_IN must be true or false');
  const passwordSignIn = { enabled: password !== 'false', breakGlassEmail: adminEmail };
  const issuer = text(env, 'OIDC_ISSUER');
  if (!issuer) {
    const stray = OPTIONAL_KEYS.filter((key) => text(env, key) !== undefined);
    problems.push(...stray.map((key) => `${key} is set but OIDC_ISSUER is not`));
    if (!passwordSignIn.enabled)
      problems.push(
        'PASSWORD_SIGN_IN=false needs OIDC_ISSUER (nobody but the break-glass admin could sign in)',
      );
    return problems.length > 0 ? { problems } : { oidc: null, passwordSignIn };
  }
  const issuerProblem = urlProblem('OIDC_ISSUER', issuer);
  if (issuerProblem) problems.push(issuerProblem);
  const redirectUrl = text(env, 'OIDC_REDIRECT_URL') ?? null;
  if (redirectUrl !== null) {
    const problem = urlProblem('OIDC_REDIRECT_URL', redirectUrl);
    if (problem) problems.push(problem);
    else if (new URL(redirectUrl).pathname !== OIDC_CALLBACK_PATH)
      problems.push(`OIDC_REDIRECT_URL must end in ${OIDC_CALLBACK_PATH}, the console's callback`);
  }
  const clientId = text(env, 'OIDC_CLIENT_ID');
  const clientSecret = text(env, 'OIDC_CLIENT_SECRET');
  if (!clientId) problems.push('OIDC_CLIENT_ID is missing (OIDC_ISSUER is set)');
  // Also the key of the sign-in's state cookie (oidc-login-state.ts), so every replica can read it.
  if (!clientSecret) problems.push('OIDC_CLIENT_SECRET is missing (OIDC_ISSUER is set)');
  const scopes = text(env, 'OIDC_SCOPES') ?? 'openid email profile';
  if (!scopes.split(/\s+/).includes('openid')) problems.push('OIDC_SCOPES must include openid');
  let groupRoles: GroupRole[] = [];
  const mapping = text(env, 'OIDC_GROUP_ROLES');
  if (!mapping) problems.push('OIDC_GROUP_ROLES is missing: map at least one group, e.g. admins=admin:*');
  else {
    try {
      groupRoles = parseGroupRoles(mapping);
    } catch (error) {
      if (!(error instanceof GroupRolesError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0 || !clientId || !clientSecret) return { problems };
  return {
    oidc: Object.freeze({
      issuer,
      clientId,
      clientSecret,
      redirectUrl,
      scopes,
      displayName: text(env, 'OIDC_DISPLAY_NAME') ?? 'single sign-on',
      groupsClaim: text(env, 'OIDC_GROUPS_CLAIM') ?? 'groups',
      groupRoles: Object.freeze(groupRoles),
      accessContact: text(env, 'OIDC_ACCESS_CONTACT') ?? null,
    }),
    passwordSignIn,
  };
}
