import { describe, expect, it } from 'vitest';
import { reasonWordsIn } from './reason-translations';
import { reasonWords } from './reason-words';

describe('reasonWordsIn', () => {
  it('is reasonWords itself in English', () => {
    for (const code of ['1004', '1005', '1006', '413', 'too_long', '9999']) {
      const reason = { code, message: 'Notes is longer than 255 characters' };
      expect(reasonWordsIn('en', reason, { lookupField: 'email' })).toBe(
        reasonWords(reason, { lookupField: 'email' }),
      );
    }
  });

  it('fills Marketo’s detail and the lookup field into the translated sentence', () => {
    expect(reasonWordsIn('es-MX', { code: '1011', message: 'Field fooBar not found' })).toBe(
      'Marketo no acepta uno de los campos (Field fooBar not found).',
    );
    expect(
      reasonWordsIn('fr-CA', { code: '1005', message: 'Lead already exists' }, { lookupField: 'email' }),
    ).toBe('Un prospect avec cette valeur de email existe déjà.');
  });

  it('words the check’s problems by kind, and keeps an unknown code’s own message', () => {
    expect(reasonWordsIn('es-MX', { code: 'too_long', message: 'Notes is longer than 255 characters' })).toBe(
      'Un valor es más largo de lo que permite su campo.',
    );
    expect(reasonWordsIn('fr-CA', { code: '9999', message: 'Something new' })).toBe('Something new');
  });
});
