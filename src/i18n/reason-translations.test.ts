import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { REASON_TRANSLATIONS } from '../../server/contract/reason-translations';
import esMX from './messages/es-MX.json';
import frCA from './messages/fr-CA.json';

// The proxy's copies of the reason messages (for the results download) must say what the screen says.
describe.each([
  ['es-MX', esMX, REASON_TRANSLATIONS['es-MX']],
  ['fr-CA', frCA, REASON_TRANSLATIONS['fr-CA']],
] as const)('the results download’s reasons in %s', (_locale, messages, copies) => {
  it('are the SPA’s messages, word for word', () => {
    const source: Record<string, string> = messages;
    const differing = Object.entries(copies).filter(([id, sentence]) => source[id] !== sentence);
    expect(differing).toEqual([]);
  });

  // The proxy fills `{name}` itself: a plural, a select or an ICU quote would come out wrong there.
  it('have plain placeholders only', () => {
    const kinds = Object.values(copies).flatMap((sentence) => parse(sentence).map((element) => element.type));
    expect(kinds.filter((kind) => kind !== TYPE.literal && kind !== TYPE.argument)).toEqual([]);
    expect(Object.values(copies).filter((sentence) => sentence.includes("'"))).toEqual([]);
  });
});
