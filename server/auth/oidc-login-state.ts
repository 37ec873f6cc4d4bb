// A sign-in through the identity provider, between leaving for its page and coming back: the PKCE verifier,
// `state`, `nonce` and where to return. Kept in the browser, in a cookie sealed with AES-256-GCM under a key
// derived from OIDC_CLIENT_SECRET, so the callback may land on any replica and the browser can neither read nor
// alter it. It lives 10 minutes and is sent only to /api/session/oidc; SameSite=Lax, because the provider's
// redirect back is a cross-site navigation that a Strict cookie would not follow.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';

export const LOGIN_STATE_COOKIE = 'pc_oidc';
const COOKIE_PATH = '/api/session/oidc';
export const LOGIN_STATE_TTL_MS = 10 * 60_000;

const SEALED = /^[A-Za-z0-9_-]{40,2048}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const LoginStateSchema = z.object({
  verifier: z.string(),
  state: z.string(),
  nonce: z.string(),
  returnTo: z.string(),
  redirectUri: z.string(),
  expiresAt: z.number(),
});
export type LoginState = z.infer<typeof LoginStateSchema>;

export class LoginStateSeal {
  private readonly key: Buffer;

  constructor(clientSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', clientSecret, '', 'partition-console oidc login state', 32));
  }

  seal(state: LoginState): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(state), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The state in `sealed`, or `undefined` when it was not sealed by us (or altered) or has expired. */
  open(sealed: string | undefined, now: number): LoginState | undefined {
    if (!sealed || !SEALED.test(sealed)) return undefined;
    const raw = Buffer.from(sealed, 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      const state = LoginStateSchema.parse(JSON.parse(text.toString('utf8')));
      return state.expiresAt > now ? state : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Matches what `seal` writes, for `readCookie`. */
export const SEALED_COOKIE_VALUE = SEALED;

export function loginStateCookie(sealed: string, options: { secure: boolean }): string {
  return [
    `${LOGIN_STATE_COOKIE}=${sealed}`,
    `Path=${COOKIE_PATH}`,
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${LOGIN_STATE_TTL_MS / 1000}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedLoginStateCookie(options: { secure: boolean }): string {
  return [
    `${LOGIN_STATE_COOKIE}=`,
    `Path=${COOKIE_PATH}`,
    'HttpOnly',
    'SameSite=Lax',
    'Max-Age=0',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
