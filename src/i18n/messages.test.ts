import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import en from './messages/en.json';
import esMX from './messages/es-MX.json';
import frCA from './messages/fr-CA.json';

const source: Record<string, string> = en;
const translations: Record<string, Record<string, string>> = { 'es-MX': esMX, 'fr-CA': frCA };
// Every source file of the SPA as text (tests left out: they name ids only to look for them).
const sources = import.meta.glob<string>(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

// Ids are written out whole (never built from parts), in JSX, in formatMessage calls, or in typed maps from a
// code to its id (error-words.ts, activity-words.ts…), so every id in use appears as a quoted string.
const code = Object.values(sources).join('\n');
const quoted = new Set([...code.matchAll(/['"`]([\w.-]+)['"`]/g)].map((match) => match[1]));
// Written as `id="…"` or `id: '…'`: these must be messages (the typecheck says so too, through message-ids.ts).
const namedIds = [...code.matchAll(/\bid(?:=|: )['"]([\w.-]+)['"]/g)].map((match) => match[1] ?? '');

/**
 * What a message needs from its caller: each argument with its kind, and its rich-text tags. A plural is a number
 * (`count:number`): one language may need plural forms where another's words do not change ("1 created",
 * "1 creado").
 */
function argumentsOf(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.argument) found.add(`${element.value}`);
    if (element.type === TYPE.number) found.add(`${element.value}:number`);
    if (element.type === TYPE.date || element.type === TYPE.time) found.add(`${element.value}:date`);
    if (element.type === TYPE.tag) {
      found.add(`<${element.value}>`);
      argumentsOf(element.children, found);
    }
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      found.add(`${element.value}:${element.type === TYPE.plural ? 'number' : 'select'}`);
      for (const option of Object.values(element.options)) argumentsOf(option.value, found);
    }
  }
  return found;
}

function signature(message: string): string[] {
  return [...argumentsOf(parse(message))].sort();
}

describe('messages', () => {
  it('uses every English message somewhere in src/', () => {
    expect(Object.keys(source).filter((id) => !quoted.has(id))).toEqual([]);
  });

  it('has an English message for every id the code names', () => {
    expect(namedIds.filter((id) => id.includes('.') && !(id in source))).toEqual([]);
  });

  it.each(Object.keys(translations))('%s has exactly the English keys', (locale) => {
    const messages = translations[locale] ?? {};
    expect({
      missing: Object.keys(source).filter((id) => !(id in messages)),
      extra: Object.keys(messages).filter((id) => !(id in source)),
      empty: Object.keys(messages).filter((id) => messages[id]?.trim() === ''),
    }).toEqual({ missing: [], extra: [], empty: [] });
  });

  it.each(Object.keys(translations))('%s asks for the same placeholders as English', (locale) => {
    const messages = translations[locale] ?? {};
    const differing = Object.entries(source)
      .filter(([id]) => id in messages)
      .map(([id, english]) => ({
        id,
        english: signature(english),
        translated: signature(messages[id] ?? ''),
      }))
      .filter(({ english, translated }) => english.join() !== translated.join());
    expect(differing).toEqual([]);
  });

  it('finds a changed placeholder (the check itself works)', () => {
    expect(signature('{count, plural, one {# row} other {# rows}} into {partition}')).toEqual([
      'count:number',
      'partition',
    ]);
    expect(signature('{total, plural, one {# fila} other {# filas}} en {particion}')).not.toEqual(
      signature('{count, plural, one {# row} other {# rows}} into {partition}'),
    );
  });
});
