import type { FieldError } from 'react-hook-form';
import type { IntlShape } from 'react-intl';
import type { MessageId } from './message-ids';

/** A field's messages by zod issue code (zodResolver puts the code in the error's `type`). */
export type IssueWords = Partial<Record<string, MessageId>>;

// The shared zod schemas (server/contract) word their messages in English for the proxy; the browser shows its
// own, chosen per form and field by the issue's code.
export const SIGN_IN_WORDS = {
  email: { invalid_format: 'validation.email.invalid', too_big: 'validation.tooLong' },
  password: { too_small: 'validation.password.required', too_big: 'validation.tooLong' },
} satisfies Record<string, IssueWords>;

export const LOOKUP_WORDS = {
  query: { too_small: 'validation.lookup.required', custom: 'validation.lookup.invalid' },
} satisfies Record<string, IssueWords>;

export const ACCOUNT_WORDS = {
  email: { invalid_format: 'validation.email.invalid', too_big: 'validation.tooLong' },
  name: { too_small: 'validation.name.required', too_big: 'validation.tooLong' },
  password: { too_small: 'validation.password.min', too_big: 'validation.password.max' },
} satisfies Record<string, IssueWords>;

/** The type of a form error whose `message` is already a message id (the lead form's resolver sets these). */
export const WORDED_BY_ID = 'messageId';

/** A form error in the user's language; the proxy's own objections (type `server`) keep their words. */
export function validationMessage(
  intl: IntlShape,
  error: Pick<FieldError, 'type' | 'message'> | undefined,
  words: IssueWords = {},
) {
  if (!error) return undefined;
  if (error.type === WORDED_BY_ID && error.message)
    return intl.formatMessage({ id: error.message as MessageId });
  const id = words[error.type];
  return id ? intl.formatMessage({ id }) : error.message;
}
