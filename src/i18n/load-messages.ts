import en from './messages/en.json';
import type { Locale } from './locales';
import type { MessageId } from './message-ids';

/** A language's messages; messages.test.ts keeps every language's keys the same as English's. */
export type Messages = Record<MessageId, string>;

/** English is in the initial download; the others are chunks of their own, fetched when first chosen. */
const loaders: Record<Locale, () => Promise<Messages>> = {
  en: () => Promise.resolve(en),
  'es-MX': async () => (await import('./messages/es-MX.json')).default,
  'fr-CA': async () => (await import('./messages/fr-CA.json')).default,
  // Made from English when asked for: the pseudo-locale is never offered outside development and tests (locales.ts).
  pseudo:
    import.meta.env.DEV || import.meta.env.VITE_PSEUDO_LOCALE === 'on'
      ? async () => (await import('./pseudo')).pseudoLocalize(en) as Messages
      : () => Promise.reject(new Error('The pseudo-locale exists in development only')),
};

const loaded = new Map<Locale, Messages>([['en', en]]);

/** The messages if already here, so a language once loaded (and English always) renders without a wait. */
export function loadedMessages(locale: Locale): Messages | undefined {
  return loaded.get(locale);
}

export async function loadMessages(locale: Locale): Promise<Messages> {
  const cached = loaded.get(locale);
  if (cached) return cached;
  const messages = await loaders[locale]();
  loaded.set(locale, messages);
  return messages;
}
