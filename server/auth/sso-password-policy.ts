// PASSWORD_SIGN_IN=false: with single sign-on in place, passwords are refused except for the break-glass admin
// (CONSOLE_ADMIN_EMAIL), who must still get in when the identity provider is down or misconfigured. Their every
// sign-in is recorded as break-glass (server/routes/session.ts).
import type { PasswordSignInPolicy } from '../config/oidc-config';
import { ApiError } from '../http/api-error';

/** How a password sign-in for `email` may go on: as usual, as the break-glass admin, or not at all. */
export function passwordSignInMode(
  policy: PasswordSignInPolicy | undefined,
  email: string,
): 'allowed' | 'break-glass' | 'refused' {
  if (!policy || policy.enabled) return 'allowed';
  return policy.breakGlassEmail !== null && email.toLowerCase() === policy.breakGlassEmail
    ? 'break-glass'
    : 'refused';
}

export function passwordSignInOff(): ApiError {
  return new ApiError(403, 'forbidden', 'Password sign-in is turned off here; sign in with single sign-on.');
}
