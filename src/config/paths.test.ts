import { describe, expect, it } from 'vitest';
import { safeNextPath, signInHref } from './paths';

describe('where signing in leads', () => {
  it('goes back to a page of this app, with its query', () => {
    expect(safeNextPath('/leads/318816')).toBe('/leads/318816');
    expect(safeNextPath('/activity?user=ana&from=2026-11-01')).toBe('/activity?user=ana&from=2026-11-01');
  });

  it('refuses anything that could leave the app, and the sign-in page itself', () => {
    for (const next of [
      null,
      '',
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '/\t/evil.example',
      'javascript:alert(1)',
      'leads',
      '/sign-in',
      '/sign-in?next=/leads',
    ]) {
      expect(safeNextPath(next)).toBe('/');
    }
  });

  it('builds the sign-in link with `next` only when there is somewhere to come back to', () => {
    expect(signInHref('/leads/7?x=1')).toBe('/sign-in?next=%2Fleads%2F7%3Fx%3D1');
    expect(signInHref('/')).toBe('/sign-in');
    expect(signInHref('//evil.example')).toBe('/sign-in');
    expect(signInHref()).toBe('/sign-in');
    expect(signInHref('/leads/7', 'expired')).toBe('/sign-in?next=%2Fleads%2F7&reason=expired');
    expect(signInHref('/', 'expired')).toBe('/sign-in?reason=expired');
  });
});
