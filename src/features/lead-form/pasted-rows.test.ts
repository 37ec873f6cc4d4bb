import { describe, expect, it } from 'vitest';
import { fillRows, parsePastedRows } from './pasted-rows';

describe('parsePastedRows', () => {
  it('reads spreadsheet rows (tabs), dropping blank lines and the trailing line break', () => {
    expect(parsePastedRows('ana@example.mx\tAna\r\n\r\nluis@example.mx\tLuis\r\n')).toEqual([
      ['ana@example.mx', 'Ana'],
      ['luis@example.mx', 'Luis'],
    ]);
  });

  it('reads CSV with quotes around commas, quotes and line breaks', () => {
    expect(parsePastedRows('a@x.mx,"López, Ana"\nb@x.mx,"say ""hi""\nthere"')).toEqual([
      ['a@x.mx', 'López, Ana'],
      ['b@x.mx', 'say "hi"\nthere'],
    ]);
  });

  it('leaves one line alone: that is just a value', () => {
    expect(parsePastedRows('López, Ana\n')).toBeUndefined();
  });
});

describe('fillRows', () => {
  it('fills from the pasted field onwards, from the pasted row down, adding leads as needed', () => {
    const leads: Record<string, string>[] = [{ email: 'keep@x.mx', company: 'Acme' }, { email: 'old@x.mx' }];
    const filled = fillRows(leads, 1, ['firstName', 'lastName'], [['Ana', 'López', 'extra'], ['Luis']]);
    expect(filled).toEqual([
      { email: 'keep@x.mx', company: 'Acme' },
      { email: 'old@x.mx', firstName: 'Ana', lastName: 'López' },
      { firstName: 'Luis' },
    ]);
    expect(leads[1]).toEqual({ email: 'old@x.mx' });
  });
});
