import type { SsoRefusalReason } from '../../../server/contract/sso';
import { SsoRefusalReasonSchema } from '../../../server/contract/sso';

/** What a refused single sign-on means to the person refused, and what they can do. */
const WORDS: Record<SsoRefusalReason, string> = {
  state: 'That sign-in did not start in this browser tab. Sign in again.',
  expired: 'That sign-in took too long or started in another browser. Sign in again.',
  rejected: 'Your identity provider did not accept the sign-in. Sign in again.',
  'invalid-token': 'Your identity provider’s answer failed the console’s security checks. Sign in again.',
  'no-email':
    'Your identity provider did not share your email address, so the console cannot tell who you are.',
  'no-group':
    'You are signed in at your identity provider, but none of your groups gives access to the Partition Console.',
  disabled: 'Your console account is disabled. Ask a console admin to enable it.',
  'account-conflict':
    'A console account with your email already exists and signs in with a password. Ask a console admin.',
  unavailable: 'Your identity provider cannot be reached right now. Try again in a few minutes.',
  'partitions-unavailable':
    'Marketo cannot be reached to look up your partitions. Try again in a few minutes.',
};

/** The words for `sso_error`, or `undefined` for an absent or unknown reason. */
export function ssoRefusalWords(
  reason: string | null,
): { reason: SsoRefusalReason; words: string } | undefined {
  const parsed = SsoRefusalReasonSchema.safeParse(reason);
  return parsed.success ? { reason: parsed.data, words: WORDS[parsed.data] } : undefined;
}
