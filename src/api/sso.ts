import { queryOptions } from '@tanstack/react-query';
import { EndSessionResponseSchema, SignInOptionsSchema } from '../../server/contract/sso';
import type { SignInOptions } from '../../server/contract/sso';
import { requestJson } from './client';

// A console that cannot say (an older proxy, a network blip) still offers its password form.
const PASSWORDS_ONLY: SignInOptions = { oidc: null, passwordSignIn: true };

export async function fetchSignInOptions(): Promise<SignInOptions> {
  try {
    return await requestJson('session/oidc/options', SignInOptionsSchema);
  } catch {
    return PASSWORDS_ONLY;
  }
}

export const signInOptionsQuery = () =>
  queryOptions({ queryKey: ['sign-in-options'] as const, queryFn: fetchSignInOptions, staleTime: Infinity });

/** Where the identity provider ends its own session, asked before the console's session ends; `null` if none. */
export async function fetchEndSessionUrl(): Promise<string | null> {
  try {
    return (await requestJson('session/oidc/sign-out', EndSessionResponseSchema)).endSessionUrl;
  } catch {
    // Signing out here must not wait on, or fail with, the provider.
    return null;
  }
}

/** Starts single sign-on: a full navigation, since the identity provider's page is not ours. */
export function ssoSignInHref(next: string): string {
  return `/api/session/oidc/login?${new URLSearchParams({ returnTo: next }).toString()}`;
}
