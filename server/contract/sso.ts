import { z } from 'zod';

/** `GET /api/session/oidc/options` (public): how the sign-in page may sign in. */
export const SignInOptionsSchema = z.object({
  /** Single sign-on, when OIDC_ISSUER is set: the button's provider name, and whom to ask for access. */
  oidc: z.object({ displayName: z.string(), accessContact: z.string().nullable() }).nullable(),
  /** PASSWORD_SIGN_IN: when false, only the break-glass admin may use the password form. */
  passwordSignIn: z.boolean(),
});
export type SignInOptions = z.infer<typeof SignInOptionsSchema>;

/** `GET /api/session/oidc/sign-out`: where to end the identity provider's session too (RP-initiated logout). */
export const EndSessionResponseSchema = z.object({ endSessionUrl: z.string().nullable() });
export type EndSessionResponse = z.infer<typeof EndSessionResponseSchema>;

/**
 * Why a single sign-on was refused: the callback sends a browser to `/sign-in?sso_error=<reason>`
 * (server/auth/sso-refusal.ts), and the sign-in page words it.
 */
export const SsoRefusalReasonSchema = z.enum([
  'state',
  'expired',
  'rejected',
  'invalid-token',
  'no-email',
  'no-group',
  'disabled',
  'account-conflict',
  'unavailable',
  'partitions-unavailable',
]);
export type SsoRefusalReason = z.infer<typeof SsoRefusalReasonSchema>;
