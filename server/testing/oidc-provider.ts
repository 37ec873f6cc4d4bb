// A real OpenID provider for tests and `npm run idp`: panva's oidc-provider (certified) on a free loopback port,
// one confidential client, and accounts with passwords and groups. Its login page is its own (a plain form, so a
// browser signs in as a person would); consent is granted at once, as for a company's own application. For the
// refusal tests, `tamperIdTokens` re-signs the ID tokens its token endpoint hands out: claims changed but signed
// with the provider's own key, or signed with a stranger's key under the same key id.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { parseGroupRoles } from '../auth/sso-group-roles';
import { OIDC_CALLBACK_PATH, type OidcSettings } from '../config/oidc-config';

export interface IdpAccount {
  sub: string;
  email: string;
  name: string;
  password: string;
  groups: string[];
}

export interface IdpClientSettings {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}

export interface TestIdpOptions {
  client: IdpClientSettings;
  /** Read at every sign-in, so a changed group (or file, for `npm run idp`) applies to the next one. */
  accounts: () => IdpAccount[];
  /** 0 (default) picks a free port. */
  port?: number;
}

export type ClaimsChange = (claims: Record<string, unknown>) => Record<string, unknown>;

export interface TestIdp {
  issuer: string;
  /** From now on, ID tokens carry `change(claims)`, signed by the provider's key or by a stranger's; `null` stops. */
  tamperIdTokens(change: ClaimsChange | null, options?: { signedBy: 'provider' | 'stranger' }): void;
  close(): Promise<void>;
}

const KEY_ID = 'test-idp-key';

/** The demo accounts of `npm run idp` and the tests; every password is `idp-demo-2026`. */
export const DEMO_IDP_ACCOUNTS: readonly IdpAccount[] = [
  {
    sub: 'u-admin',
    email: 'admin@sso.example.com',
    name: 'SSO Admin',
    password: 'idp-demo-2026',
    groups: ['marketo-admins'],
  },
  {
    sub: 'u-mexico',
    email: 'mexico.editor@sso.example.com',
    name: 'Mexico Editor (SSO)',
    password: 'idp-demo-2026',
    groups: ['mx-team'],
  },
  {
    sub: 'u-canada',
    email: 'canada.viewer@sso.example.com',
    name: 'Canada Viewer (SSO)',
    password: 'idp-demo-2026',
    groups: ['ca-team'],
  },
  {
    sub: 'u-both',
    email: 'americas@sso.example.com',
    name: 'Americas (SSO)',
    password: 'idp-demo-2026',
    groups: ['mx-team', 'ca-team', 'everyone'],
  },
  {
    sub: 'u-intern',
    email: 'intern@sso.example.com',
    name: 'Intern (SSO)',
    password: 'idp-demo-2026',
    groups: ['everyone'],
  },
];

/** The group mapping the demo accounts are meant for (OIDC_GROUP_ROLES). */
export const DEMO_GROUP_ROLES = 'marketo-admins=admin:*;mx-team=editor:Mexico;ca-team=viewer:Canada';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function resign(idToken: string, change: ClaimsChange, key: KeyObject): string {
  const payload = JSON.parse(
    Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
  ) as Record<string, unknown>;
  const signingInput = `${base64url({ alg: 'RS256', typ: 'JWT', kid: KEY_ID })}.${base64url(change(payload))}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), key).toString('base64url')}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function loginPage(uid: string, error?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP: sign in</title></head>
<body><main><h1>Test IdP</h1><p>Sign in with your company account.</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Email <input name="email" type="email" autocomplete="username" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></main></body></html>`;
}

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > 10_000) break;
  }
  return new URLSearchParams(text);
}

export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const own = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { client, accounts } = options;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.redirectUris,
        post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...own.privateKey.export({ format: 'jwk' }), kid: KEY_ID, alg: 'RS256', use: 'sig' }] },
    findAccount: (_ctx, sub) => {
      const account = accounts().find((candidate) => candidate.sub === sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          email_verified: true,
          name: account.name,
          groups: account.groups,
        }),
      };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // The claims of the granted scopes go into the ID token, as Okta, Entra ID and Keycloak put groups there.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['test-idp-cookie-key-not-a-secret'] },
    // Short, as a company provider's are; set so oidc-provider does not warn about its defaults.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  });
  let tamper: { change: ClaimsChange; key: KeyObject } | null = null;
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (tamper && ctx.path === '/token' && typeof body?.id_token === 'string')
      ctx.body = { ...body, id_token: resign(body.id_token, tamper.change, tamper.key) };
  });
  const providerCallback = provider.callback();

  const interaction = async (
    request: IncomingMessage,
    response: ServerResponse,
    uid: string,
    action?: string,
  ) => {
    const details = await provider.interactionDetails(request, response);
    if (action === 'login' && request.method === 'POST') {
      const form = await formBody(request);
      const email = (form.get('email') ?? '').trim().toLowerCase();
      const account = accounts().find((candidate) => candidate.email === email);
      if (!account || account.password !== form.get('password')) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(loginPage(uid, 'Wrong email or password.'));
        return;
      }
      await provider.interactionFinished(request, response, { login: { accountId: account.sub } });
      return;
    }
    if (details.prompt.name === 'consent') {
      const grant = new provider.Grant({
        accountId: details.session!.accountId,
        clientId: details.params.client_id as string,
      });
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      const grantId = await grant.save();
      await provider.interactionFinished(
        request,
        response,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(loginPage(uid));
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login))?$/.exec(
      (request.url ?? '').split('?')[0] ?? '',
    );
    if (!match) {
      void providerCallback(request, response);
      return;
    }
    interaction(request, response, match[1]!, match[2]).catch((error: unknown) => {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end(`Sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  return {
    issuer,
    tamperIdTokens(change, tamperOptions = { signedBy: 'provider' }) {
      tamper = change && {
        change,
        key: tamperOptions.signedBy === 'provider' ? own.privateKey : stranger.privateKey,
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** OIDC settings pointing a console at `issuer` with the demo mapping (what `npm run idp` prints, as settings). */
export function demoOidcSettings(
  issuer: string,
  client: IdpClientSettings,
  consoleOrigin: string,
): OidcSettings {
  return {
    issuer,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redirectUrl: `${consoleOrigin}${OIDC_CALLBACK_PATH}`,
    scopes: 'openid email profile',
    displayName: 'Test IdP',
    groupsClaim: 'groups',
    groupRoles: parseGroupRoles(DEMO_GROUP_ROLES),
    accessContact: 'it-help@example.com',
  };
}
