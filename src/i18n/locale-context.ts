import { createContext, useContext } from 'react';
import type { Locale } from './locales';

export type LocaleChoice = {
  /** The language the console is shown in now. */
  locale: Locale;
  /** Switches the language, and remembers it for the signed-in user. */
  setLocale: (locale: Locale) => void;
};

export const LocaleContext = createContext<LocaleChoice | undefined>(undefined);

export function useLocale(): LocaleChoice {
  const choice = useContext(LocaleContext);
  if (!choice) throw new Error('useLocale needs an I18nProvider above it');
  return choice;
}
