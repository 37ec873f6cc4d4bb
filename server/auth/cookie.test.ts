import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, readCookie, sessionCookie } from './cookie';

const value = 'abcdefghijklmnopqrstuvwxyz0123456789_-ABCDEF';

describe('session cookie', () => {
  it('reads our cookie among others and ignores malformed values', () => {
    expect(readCookie(`a=1; pc_session=${value}; b=2`, 'pc_session')).toBe(value);
    expect(readCookie('pc_session=short', 'pc_session')).toBeUndefined();
    expect(readCookie('pc_session=has space in it and more', 'pc_session')).toBeUndefined();
    expect(readCookie('xpc_session=' + value, 'pc_session')).toBeUndefined();
    expect(readCookie(undefined, 'pc_session')).toBeUndefined();
  });

  it('is HttpOnly, SameSite=Strict, Path=/, and Secure only over https', () => {
    expect(sessionCookie(value, { secure: false })).toBe(
      `pc_session=${value}; Path=/; HttpOnly; SameSite=Strict`,
    );
    expect(sessionCookie(value, { secure: true })).toMatch(/; Secure$/);
    expect(clearedSessionCookie({ secure: false })).toContain('Max-Age=0');
  });
});
