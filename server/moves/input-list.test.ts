import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error';
import { MOVE_MAX_ROWS } from '../contract/moves';
import { readMoveList } from './input-list';

describe('a bulk move list', () => {
  it('takes one email a line, a lone header aside, and marks bad values and repeats', () => {
    const rows = readMoveList(
      '\uFEFFEmail\r\nana@example.mx\r\n\r\n ANA@example.mx \r\nnot-an-email\r\nb,c@x.mx\r\n',
      'email',
    );
    expect(rows).toEqual([
      { row: 1, value: 'ana@example.mx', status: 'unresolved' },
      { row: 2, value: 'ANA@example.mx', status: 'duplicate' },
      { row: 3, value: 'not-an-email', status: 'invalid' },
      { row: 4, value: 'b,c@x.mx', status: 'invalid' },
    ]);
  });

  it('reads the named column of CSV text, quoted cells included', () => {
    const rows = readMoveList('Name;Id;Country\n"Núñez; Ana";00318816;MX\nBea;318817;MX\nCy;;CA\n', 'id');
    expect(rows).toEqual([
      { row: 1, value: '318816', status: 'unresolved' },
      { row: 2, value: '318817', status: 'unresolved' },
    ]);
  });

  it('refuses CSV text without the column, an empty list and one over the limit', () => {
    expect(() => readMoveList('Name,Country\nAna,MX\n', 'email')).toThrow(ApiError);
    expect(() => readMoveList('\n \n', 'id')).toThrow(/no lead id/);
    const tooMany = Array.from({ length: MOVE_MAX_ROWS + 1 }, (_unused, n) => String(n + 1)).join('\n');
    expect(() => readMoveList(tooMany, 'id')).toThrow(/at most 100,000 rows/);
    expect(readMoveList(tooMany.slice(0, tooMany.lastIndexOf('\n')), 'id')).toHaveLength(MOVE_MAX_ROWS);
  });
});
