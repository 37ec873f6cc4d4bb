// The console as an OpenID Connect relying party, through openid-client: discovery from OIDC_ISSUER, the
// authorization code flow with PKCE, `state` and `nonce`, and openid-client's full ID token checks (signature
// against the provider's published keys, `iss`, `aud`, `exp`, `iat`, `nonce`). Discovery is retried at the next
// sign-in when it fails, so a provider that was down at start does not need a restart.
import * as client from 'openid-client';
import type { OidcSettings } from '../config/oidc-config';
import { LOGIN_STATE_TTL_MS, type LoginState } from './oidc-login-state';
import { SsoRefusal } from './sso-refusal';

// A provider that hangs must not hold a sign-in (and its browser tab) for openid-client's default 30 s.
const PROVIDER_TIMEOUT_SECONDS = 10;

export interface IdClaims {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
}

function unreachable(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    (error instanceof DOMException && ['TimeoutError', 'AbortError'].includes(error.name)) ||
    (error instanceof client.ClientError && error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM')
  );
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

export class OidcClient {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    private readonly settings: OidcSettings,
    private readonly now: () => number,
  ) {}

  private discover(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    const url = new URL(issuer);
    this.configuration ??= client
      .discovery(url, clientId, undefined, client.ClientSecretBasic(clientSecret), {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        execute: [
          // openid-client trusts an ID token from the token endpoint on TLS alone (OIDC Core 3.1.3.7); the
          // console checks its signature against the provider's keys too.
          client.enableNonRepudiationChecks,
          // Only for a provider on loopback (oidc-config.ts refuses plain http anywhere else).
          ...(url.protocol === 'http:' ? [client.allowInsecureRequests] : []),
        ],
      })
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw new SsoRefusal('unavailable', `discovery at ${issuer} failed: ${describe(error)}`);
      });
    return this.configuration;
  }

  /** Where to send the browser, and the state the callback needs (sealed into a cookie by the route). */
  async start(redirectUri: string, returnTo: string): Promise<{ url: URL; state: LoginState }> {
    const configuration = await this.discover();
    const verifier = client.randomPKCECodeVerifier();
    const state = {
      verifier,
      state: client.randomState(),
      nonce: client.randomNonce(),
      returnTo,
      redirectUri,
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: state.state,
      nonce: state.nonce,
    });
    return { url, state: { ...state, expiresAt: this.now() + LOGIN_STATE_TTL_MS } };
  }

  /** Redeems the code in `callbackUrl` and checks the ID token in full; throws `SsoRefusal` otherwise. */
  async finish(callbackUrl: URL, login: LoginState): Promise<IdClaims> {
    const configuration = await this.discover();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: login.verifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      if (unreachable(error)) throw new SsoRefusal('unavailable', `token request failed: ${describe(error)}`);
      if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError)
        throw new SsoRefusal('rejected', `${error.error}: ${error.error_description ?? error.message}`);
      throw new SsoRefusal('invalid-token', describe(error));
    }
    const claims = tokens.claims();
    if (!claims) throw new SsoRefusal('invalid-token', 'no ID token in the token response');
    return { issuer: claims.iss, subject: claims.sub, claims: { ...claims } };
  }

  /** RP-initiated logout: the provider's end-session URL, or `null` when it advertises none (or is down). */
  async endSessionUrl(postLogoutRedirectUri: string): Promise<string | null> {
    let configuration: client.Configuration;
    try {
      configuration = await this.discover();
    } catch {
      return null;
    }
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return client
      .buildEndSessionUrl(configuration, {
        client_id: this.settings.clientId,
        post_logout_redirect_uri: postLogoutRedirectUri,
      })
      .toString();
  }
}
