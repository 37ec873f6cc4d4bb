// English sentences made from one template per stable code, and read back into that code and its values: what
// the proxy stores stays English for API clients and logs, and the browser words the code in the user's language.
import type { ErrorParams } from './contract/errors';

const SLOT = /\{(\w+)\}/g;

export type SentenceReader<C extends string> = (text: string) => { code: C; params: ErrorParams } | undefined;

/**
 * A reader of the sentences `templates` make. A slot (`{name}`) matches any text unless `slotPatterns` gives it a
 * regular expression with one group; `toParam` turns a slot's text into the value the browser receives.
 */
export function sentenceReader<C extends string>(
  templates: Record<C, string>,
  slotPatterns: Record<string, string> = {},
  toParam: (name: string, text: string) => string = (_name, text) => text,
): SentenceReader<C> {
  const readers = (Object.entries(templates) as [C, string][]).map(([code, template]) => {
    const names = [...template.matchAll(SLOT)].map((match) => match[1] ?? '');
    const pattern = template
      .split(SLOT)
      .map((part, index) =>
        index % 2 === 0
          ? part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')
          : (slotPatterns[part] ?? '([\\s\\S]+?)'),
      )
      .join('');
    return { code, names, pattern: new RegExp(`^${pattern}$`) };
  });
  return (text) => {
    for (const { code, names, pattern } of readers) {
      const match = pattern.exec(text);
      if (!match) continue;
      const params: ErrorParams = {};
      names.forEach((name, index) => {
        params[name] = toParam(name, match[index + 1] ?? '');
      });
      return { code, params };
    }
    return undefined;
  };
}

/** The sentence of a template with its values in place; throws when one is missing (a bug, not input). */
export function fillTemplate(template: string, value: (name: string) => string | undefined): string {
  return template.replace(SLOT, (_slot, name: string) => {
    const filled = value(name);
    if (filled === undefined) throw new Error(`The sentence "${template}" needs ${name}`);
    return filled;
  });
}
