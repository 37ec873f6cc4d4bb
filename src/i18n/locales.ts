/** The languages the console speaks; `en` is the source the others are translated from. */
export const LOCALES = ['en', 'es-MX', 'fr-CA'] as const;
export type ShippedLocale = (typeof LOCALES)[number];

/** Accented, lengthened English for finding text left out of the messages; development builds only. */
export const PSEUDO_LOCALE = 'pseudo';

// Offered by the dev server, and by the end-to-end tests' own build (`VITE_PSEUDO_LOCALE=on`, see
// e2e/playwright.config.ts). The test is written out where it is used (here and in load-messages.ts): Vite
// replaces both values at build time, and only an inline `false` lets a production build drop the pseudo-locale's
// code and chunk altogether.
export type Locale = ShippedLocale | typeof PSEUDO_LOCALE;

export const DEFAULT_LOCALE: ShippedLocale = 'en';

/** The shipped language behind a locale: the pseudo-locale is English made strange. */
export function shippedLocale(locale: Locale): ShippedLocale {
  return locale === PSEUDO_LOCALE ? DEFAULT_LOCALE : locale;
}

/** The languages offered in the account menu: the pseudo-locale only while developing or testing. */
export function availableLocales(): Locale[] {
  return import.meta.env.DEV || import.meta.env.VITE_PSEUDO_LOCALE === 'on'
    ? [...LOCALES, PSEUDO_LOCALE]
    : [...LOCALES];
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (availableLocales() as string[]).includes(value);
}

/**
 * The best of ours for the browser's list, in its order of preference: any Spanish reads Mexico's, any French
 * Canada's (the partitions' teams), any English ours; nothing we speak falls back to English.
 */
export function matchLocale(preferred: readonly string[]): ShippedLocale {
  for (const tag of preferred) {
    const language = tag.toLowerCase().split('-')[0];
    if (language === 'es') return 'es-MX';
    if (language === 'fr') return 'fr-CA';
    if (language === 'en') return 'en';
  }
  return DEFAULT_LOCALE;
}

/** What the browser asks for (`navigator.languages`, or the single `navigator.language` in older engines). */
export function browserLocale(): ShippedLocale {
  const { languages, language } = globalThis.navigator;
  return matchLocale(languages.length > 0 ? languages : [language]);
}
