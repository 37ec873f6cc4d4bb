import { describe, expect, it } from 'vitest';
import { removeDotSegments } from './dot-segments';

describe('removeDotSegments', () => {
  it.each([
    ['/rest/../bulk/v1/leads.json', '/bulk/v1/leads.json'],
    ['/rest/./v1/leads.json', '/rest/v1/leads.json'],
    ['/rest/v1/a/../../v1/leads.json', '/rest/v1/leads.json'],
    ['/rest/v1/..', '/rest/'],
    ['/rest/v1/.', '/rest/v1/'],
    ['//rest/v1/leads.json', '//rest/v1/leads.json'],
    ['/rest/..bulk/v1', '/rest/..bulk/v1'],
    ['/', '/'],
  ])('%s → %s', (input, expected) => {
    expect(removeDotSegments(input)).toBe(expected);
  });

  it('refuses a path that climbs above the root', () => {
    expect(removeDotSegments('/../bulk/v1/leads.json')).toBeUndefined();
    expect(removeDotSegments('/rest/../../bulk')).toBeUndefined();
  });
});
