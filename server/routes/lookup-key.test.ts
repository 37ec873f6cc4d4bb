import { describe, expect, it } from 'vitest';
import { dataTypeOf, lookupKey } from './lookup-key';

describe('lookupKey', () => {
  it('reads numbers as numbers, as Marketo compares them', () => {
    expect(lookupKey('01', 'integer')).toBe(lookupKey(1, 'integer'));
    expect(lookupKey(' 1.50 ', 'float')).toBe(lookupKey(1.5, 'float'));
    expect(lookupKey('abc', 'integer')).toBeUndefined();
  });

  it('reads booleans and compares text and emails case-insensitively', () => {
    expect(lookupKey('TRUE', 'boolean')).toBe(lookupKey(true, 'boolean'));
    expect(lookupKey(0, 'boolean')).toBe(lookupKey(false, 'boolean'));
    expect(lookupKey('A@Example.com', 'email')).toBe(lookupKey('a@example.com', 'email'));
    expect(lookupKey('', 'string')).toBeUndefined();
    expect(lookupKey(null, 'string')).toBeUndefined();
  });

  it('takes the data type from the field list; id is an integer', () => {
    const fields = [
      { id: 1, displayName: 'T', dataType: 'integer', rest: { name: 'tier', readOnly: false } },
    ];
    expect(dataTypeOf('tier', fields)).toBe('integer');
    expect(dataTypeOf('id', [])).toBe('integer');
    expect(dataTypeOf('unknown', fields)).toBe('string');
  });
});
