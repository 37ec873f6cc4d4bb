import { describe, expect, it } from 'vitest';
import { bulkFormat, delimitedLine, parseDelimited } from './delimited';

describe('bulk file formats', () => {
  it('reads each format with its delimiter, quotes and a byte-order mark', () => {
    expect(parseDelimited('\ufeffemail,firstName\r\na@x.com,"Smith, Jo"\n\n', 'csv')).toEqual([
      ['email', 'firstName'],
      ['a@x.com', 'Smith, Jo'],
    ]);
    expect(parseDelimited('email\tfirstName\na@x.com\tJo', 'tsv')).toEqual([
      ['email', 'firstName'],
      ['a@x.com', 'Jo'],
    ]);
    expect(parseDelimited('email;firstName\na@x.com;Jo, Jr', 'ssv')).toEqual([
      ['email', 'firstName'],
      ['a@x.com', 'Jo, Jr'],
    ]);
  });

  it('writes lines that read back to the same cells', () => {
    const cells = ['a;b', 'say "hi"', 'two\nlines', 'plain'];
    for (const format of ['csv', 'tsv', 'ssv'] as const) {
      expect(parseDelimited(delimitedLine(cells, format), format)).toEqual([cells]);
    }
    expect(delimitedLine(['a', 'b'], 'csv')).toBe('a,b\n');
  });

  it('names the formats in any case and nothing else', () => {
    expect(bulkFormat('CSV')).toBe('csv');
    expect(bulkFormat('ssv')).toBe('ssv');
    expect(bulkFormat('xlsx')).toBeUndefined();
  });
});
