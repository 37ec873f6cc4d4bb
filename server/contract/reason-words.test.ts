import { describe, expect, it } from 'vitest';
import { isMarketoReasonCode, reasonWords } from './reason-words';

describe('reasonWords', () => {
  const exists = { code: '1005', message: 'Lead already exists' };

  it('names the lookup field in 1005 only when the caller knows it', () => {
    expect(reasonWords(exists, { lookupField: 'email' })).toBe('A lead with this email already exists.');
    expect(reasonWords(exists, { lookupField: 'externalId' })).toBe(
      'A lead with this externalId already exists.',
    );
    expect(reasonWords(exists)).toBe('This lead already exists.');
  });

  it("words the proxy's own 413 (a row over 1 MB) as the proxy's, not Marketo's", () => {
    const tooLarge = { code: '413', message: "This row alone is larger than Marketo's 1 MB request limit" };
    expect(reasonWords(tooLarge)).toBe('This row is larger than Marketo accepts in one request (1 MB).');
    expect(isMarketoReasonCode('413')).toBe(false);
    expect(isMarketoReasonCode('1005')).toBe(true);
    expect(isMarketoReasonCode('611')).toBe(true);
    expect(isMarketoReasonCode('bad_email')).toBe(false);
  });

  it("falls back to Marketo's own message for a code it does not know", () => {
    expect(reasonWords({ code: '1036', message: 'Duplicated lead in request' })).toBe(
      'Duplicated lead in request',
    );
  });
});
