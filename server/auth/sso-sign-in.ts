// Single sign-on from start to session: send the browser to the provider, then on its return check everything
// (oidc-client.ts), turn the groups claim into a role and partitions (sso-group-roles.ts), apply them to the
// account (sso-accounts.ts) and start the console's own session. Every refusal is recorded before it is thrown.
import type { Catalog } from '../app-deps';
import type { OidcSettings } from '../config/oidc-config';
import type { PartitionGrant } from '../contract/access';
import type { UserRecord } from '../store/users-repo';
import type { OidcClient, IdClaims } from './oidc-client';
import type { LoginState } from './oidc-login-state';
import {
  applySsoAccess,
  recordSsoRefusal,
  recordSsoSignIn,
  withdrawSsoAccess,
  type SsoAccountsDeps,
  type SsoProfile,
} from './sso-accounts';
import { accessForGroups, type GroupAccess } from './sso-group-roles';
import { SsoRefusal } from './sso-refusal';
import type { PartitionNames } from './user-change';

export interface SsoSignInDeps {
  settings: OidcSettings;
  client: OidcClient;
  catalog: Catalog;
  accounts: SsoAccountsDeps;
}

export interface SsoSession {
  user: UserRecord;
  cookieValue: string;
  csrfToken: string;
}

/** The groups claim as a list: providers send an array, some a single string. */
function groupsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((group): group is string => typeof group === 'string') : [];
}

function profileOf({ issuer, subject, claims }: IdClaims): SsoProfile {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email.includes('@'))
    throw new SsoRefusal('no-email', 'the ID token has no email claim (add the email scope)');
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
  return { identity: { issuer, subject }, email, name: name.slice(0, 200) };
}

/** Partition names by id, and the grant `mapped` names (a name Marketo does not know grants nothing). */
async function resolvePartitions(
  catalog: Catalog,
  mapped: GroupAccess | null,
  who: { email: string },
): Promise<{ names: PartitionNames; grant: PartitionGrant }> {
  let names: PartitionNames = new Map();
  try {
    names = new Map((await catalog.partitions()).map((partition) => [partition.id, partition.name]));
  } catch (error) {
    // Names only label the audit entry when every partition is granted; otherwise the grant needs them.
    if (mapped && mapped.partitions !== 'all')
      throw new SsoRefusal('partitions-unavailable', `partitions could not be read: ${String(error)}`, who);
  }
  if (!mapped || mapped.partitions === 'all') return { names, grant: 'all' };
  const ids = [...names].filter(([, name]) => mapped.partitions.includes(name)).map(([id]) => id);
  return { names, grant: ids };
}

export class SsoSignIn {
  constructor(private readonly deps: SsoSignInDeps) {}

  get settings(): OidcSettings {
    return this.deps.settings;
  }

  /** Where to send the browser; a provider that cannot be reached is recorded and refused. */
  async start(
    redirectUri: string,
    returnTo: string,
    address: string,
  ): Promise<{ url: URL; state: LoginState }> {
    try {
      return await this.deps.client.start(redirectUri, returnTo);
    } catch (error) {
      if (error instanceof SsoRefusal)
        await recordSsoRefusal(this.deps.accounts, error, { address, issuer: this.deps.settings.issuer });
      throw error;
    }
  }

  /** Checks the provider's answer, applies the groups and starts a session; records and throws any refusal. */
  async finish(callbackUrl: URL, login: LoginState | undefined, address: string): Promise<SsoSession> {
    let subject: string | undefined;
    try {
      if (!login) throw new SsoRefusal('expired', 'no sign-in state cookie, or an expired or altered one');
      if (callbackUrl.searchParams.get('state') !== login.state)
        throw new SsoRefusal('state', 'the state parameter does not match the state cookie');
      const id = await this.deps.client.finish(callbackUrl, login);
      subject = id.subject;
      const user = await this.admit(id);
      await recordSsoSignIn(this.deps.accounts, user, address);
      const { cookieValue, csrfToken } = await this.deps.accounts.sessions.start(user.id);
      return { user, cookieValue, csrfToken };
    } catch (error) {
      if (error instanceof SsoRefusal)
        await recordSsoRefusal(this.deps.accounts, error, {
          address,
          issuer: this.deps.settings.issuer,
          subject,
        });
      throw error;
    }
  }

  private async admit(id: IdClaims): Promise<UserRecord> {
    const { settings, catalog, accounts } = this.deps;
    const profile = profileOf(id);
    const groups = groupsOf(id.claims[settings.groupsClaim]);
    const mapped = accessForGroups(settings.groupRoles, groups);
    const { names, grant } = await resolvePartitions(catalog, mapped, profile);
    if (!mapped) {
      const withdrawn = await withdrawSsoAccess(accounts, profile.identity, names);
      throw new SsoRefusal(
        'no-group',
        `no mapped group in claim ${settings.groupsClaim} (${groups.length > 0 ? groups.join(', ') : 'none sent'})`,
        { email: profile.email, userId: withdrawn?.id },
      );
    }
    return applySsoAccess(
      accounts,
      profile,
      { role: mapped.role, partitions: grant, groups: mapped.groups },
      names,
    );
  }

  async endSessionUrl(postLogoutRedirectUri: string): Promise<string | null> {
    return this.deps.client.endSessionUrl(postLogoutRedirectUri);
  }
}
