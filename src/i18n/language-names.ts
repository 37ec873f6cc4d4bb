import type { Locale } from './locales';

/** Each language by its own name, as language pickers show them, so anyone can find theirs in any language. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  'es-MX': 'Español (México)',
  'fr-CA': 'Français (Canada)',
  pseudo: 'Pseudo (ƥšéúðó)',
};
