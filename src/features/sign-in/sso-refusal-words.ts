import type { MessageId } from '../../i18n/message-ids';
import type { SsoRefusalReason } from '../../../server/contract/sso';
import { SsoRefusalReasonSchema } from '../../../server/contract/sso';

/** What a refused single sign-on means to the person refused, and what they can do. */
const WORDS: Record<SsoRefusalReason, MessageId> = {
  state: 'sso.refusal.state',
  expired: 'sso.refusal.expired',
  rejected: 'sso.refusal.rejected',
  'invalid-token': 'sso.refusal.invalid-token',
  'no-email': 'sso.refusal.no-email',
  'no-group': 'sso.refusal.no-group',
  disabled: 'sso.refusal.disabled',
  'account-conflict': 'sso.refusal.account-conflict',
  unavailable: 'sso.refusal.unavailable',
  'partitions-unavailable': 'sso.refusal.partitions-unavailable',
};

/** The words for `sso_error`, or `undefined` for an absent or unknown reason. */
export function ssoRefusalWords(
  reason: string | null,
): { reason: SsoRefusalReason; words: MessageId } | undefined {
  const parsed = SsoRefusalReasonSchema.safeParse(reason);
  return parsed.success ? { reason: parsed.data, words: WORDS[parsed.data] } : undefined;
}
