import { describe, expect, it } from 'vitest';
import { dataTypeOf, lookupKey, readLookupValue } from './lookup-value';

const wire = (value: Parameters<typeof readLookupValue>[0], dataType: string) => {
  const reading = readLookupValue(value, dataType);
  return reading.kind === 'value' ? reading.wire : reading.kind;
};

describe('readLookupValue', () => {
  it.each([
    ['7', 7],
    ['007', 7],
    ['+7', 7],
    ['-0', 0],
    [7, 7],
    ['2147483648', 2147483648],
  ])('puts the whole number %j in one plain form', (value, expected) => {
    expect(wire(value, 'integer')).toBe(expected);
  });

  it.each([' 7', '7 ', '7.0', '1e3', '0x10', '7,000', '\u00a07', '\uff17', '\u0667', 7.5, true, 'seven'])(
    'refuses the whole number %j, which Marketo might read otherwise',
    (value) => {
      expect(wire(value, 'integer')).toBe('refused');
    },
  );

  it.each([
    'EXT-2 ',
    ' EXT-2',
    'EXT-2\t',
    'EXT-2\u00a0',
    'EXT-2\u200b',
    '\ufeffEXT-2',
    'EXT-2\u00ad',
    'EXT-2\u3000',
    'EX\u0000T',
    'EX\u0085T',
    'a,b',
    'x\ud800',
  ])('refuses the text %j, which has no single reading', (value) => {
    expect(wire(value, 'string')).toBe('refused');
  });

  it('sends text exactly as given, case and normalisation form included', () => {
    expect(wire('Café', 'string')).toBe('Café');
    expect(wire('Cafe\u0301', 'string')).toBe('Cafe\u0301');
    expect(wire('A@Example.com', 'email')).toBe('A@Example.com');
    expect(wire(42, 'string')).toBe('42');
  });

  it('treats null, undefined and "" as no value', () => {
    expect(wire(null, 'string')).toBe('absent');
    expect(wire(undefined, 'integer')).toBe('absent');
    expect(wire('', 'email')).toBe('absent');
  });

  it('gives the filter call the same value as the sync', () => {
    const reading = readLookupValue('+0042', 'integer');
    expect(reading).toMatchObject({ kind: 'value', wire: 42, filter: '42' });
  });
});

describe('lookupKey', () => {
  it('ties a stored value to every input Marketo could have matched it with', () => {
    const key = (value: string, dataType = 'string') => {
      const reading = readLookupValue(value, dataType);
      return reading.kind === 'value' ? reading.key : undefined;
    };
    expect(lookupKey('EXT-2 ', 'string')).toBe(key('EXT-2'));
    expect(lookupKey('ext-2', 'string')).toBe(key('EXT-2'));
    expect(lookupKey('Cafe\u0301', 'string')).toBe(key('Café'));
    expect(lookupKey('STRASSE', 'string')).toBe(key('straße'));
    expect(lookupKey('\uff21\uff22', 'string')).toBe(key('ab'));
    expect(lookupKey(7, 'integer')).toBe(key('007', 'integer'));
    expect(lookupKey('A@Example.com', 'email')).toBe(key('a@example.com', 'email'));
  });

  it('has no key for what cannot be compared', () => {
    expect(lookupKey(null, 'string')).toBeUndefined();
    expect(lookupKey('  ', 'string')).toBeUndefined();
    expect(lookupKey('abc', 'integer')).toBeUndefined();
    expect(lookupKey(true, 'string')).toBeUndefined();
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
