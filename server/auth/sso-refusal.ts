// Why a single sign-on was refused. The callback is a browser navigation, so a browser is sent back to the sign-in
// page with `sso_error=<reason>` (the SPA words it); any other client gets the error envelope. Either way the
// refusal is recorded (sso-accounts.ts `recordSsoRefusal`) with `detail`, which may name claims and checks.
import type { ErrorCode } from '../contract/errors';
import type { SsoRefusalReason } from '../contract/sso';
import { ApiError } from '../http/api-error';

const ANSWERS: Record<SsoRefusalReason, { status: number; code: ErrorCode; message: string }> = {
  state: {
    status: 401,
    code: 'unauthenticated',
    message: 'This answer does not belong to the sign-in this browser started; sign in again.',
  },
  expired: {
    status: 401,
    code: 'unauthenticated',
    message: 'This sign-in expired or was started in another browser; sign in again.',
  },
  rejected: {
    status: 401,
    code: 'unauthenticated',
    message: 'The identity provider did not accept this sign-in; sign in again.',
  },
  'invalid-token': {
    status: 401,
    code: 'unauthenticated',
    message: "The identity provider's answer failed the console's checks; sign in again.",
  },
  'no-email': {
    status: 403,
    code: 'forbidden',
    message: 'The identity provider sent no email address for this account.',
  },
  'no-group': {
    status: 403,
    code: 'forbidden',
    message: 'None of your groups gives access to the console; ask your administrator to add you to one.',
  },
  disabled: { status: 403, code: 'forbidden', message: 'This account is disabled in the console.' },
  'account-conflict': {
    status: 403,
    code: 'forbidden',
    message: 'A console account with this email exists that single sign-on does not manage; ask an admin.',
  },
  unavailable: {
    status: 503,
    code: 'upstream_unavailable',
    message: 'The identity provider cannot be reached; try again shortly.',
  },
  'partitions-unavailable': {
    status: 503,
    code: 'upstream_unavailable',
    message: 'Marketo cannot be reached to look up your partitions; try again shortly.',
  },
};

export class SsoRefusal extends Error {
  constructor(
    readonly reason: SsoRefusalReason,
    /** For the audit trail and the log: which check failed, never a token or secret. */
    readonly detail: string,
    readonly who: { email?: string; userId?: number } = {},
  ) {
    super(ANSWERS[reason].message);
    this.name = 'SsoRefusal';
  }

  toApiError(): ApiError {
    const { status, code, message } = ANSWERS[this.reason];
    return new ApiError(status, code, message);
  }
}
