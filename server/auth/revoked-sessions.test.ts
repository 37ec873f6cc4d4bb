import { describe, expect, it } from 'vitest';
import { RevokedSessions } from './revoked-sessions';

describe('RevokedSessions', () => {
  it('refuses a session until its absolute expiry, then forgets it', () => {
    const revoked = new RevokedSessions();
    revoked.add('a', 1000, 0);
    expect(revoked.has('a', 999)).toBe(true);
    expect(revoked.has('b', 999)).toBe(false);
    expect(revoked.has('a', 1000)).toBe(false);
    expect(revoked.size).toBe(0);
  });

  it('stays bounded: expired entries go first, then the one closest to expiring on its own', () => {
    const revoked = new RevokedSessions(3);
    revoked.add('old', 10, 0);
    revoked.add('late', 5000, 0);
    revoked.add('soon', 2000, 0);
    revoked.add('new', 9000, 100);
    expect(revoked.pending().sort()).toEqual(['late', 'new', 'soon']);
    revoked.add('newer', 9000, 100);
    expect(revoked.pending().sort()).toEqual(['late', 'new', 'newer']);
    expect(revoked.has('late', 100)).toBe(true);
  });
});
