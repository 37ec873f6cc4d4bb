// The one cookie the console sets. Parsing is deliberately narrow: we look for our own name only, and a value
// that is not what we issue (base64url) is treated as absent.

export const SESSION_COOKIE = 'pc_session';

const VALUE = /^[A-Za-z0-9_-]{16,128}$/;

/** The value of cookie `name` in a `Cookie` header, if well-formed (`valuePattern`: a session id by default). */
export function readCookie(
  header: string | undefined,
  name: string,
  valuePattern: RegExp = VALUE,
): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return valuePattern.test(value) ? value : undefined;
  }
  return undefined;
}

/**
 * A `Set-Cookie` value: HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it),
 * Path=/, and Secure when the console is reached over HTTPS. No Max-Age: the server decides expiry, and a
 * browser session cookie goes away with the browser.
 */
export function sessionCookie(value: string, options: { secure: boolean }): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Tells the browser to drop the session cookie. */
export function clearedSessionCookie(options: { secure: boolean }): string {
  return [
    `${SESSION_COOKIE}=`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    'Max-Age=0',
    'Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
