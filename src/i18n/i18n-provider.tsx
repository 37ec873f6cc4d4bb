import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { useQuery } from '@tanstack/react-query';
import { sessionQueries } from '../api/session';
import { LocaleContext } from './locale-context';
import { loadedMessages, loadMessages } from './load-messages';
import type { Messages } from './load-messages';
import { browserLocale, DEFAULT_LOCALE } from './locales';
import type { Locale } from './locales';
import { storeLocale, storedLocale } from './stored-locale';

type Props = {
  children: ReactNode;
  /** A fixed language (tests); otherwise the user's choice, else the browser's. */
  locale?: Locale;
};

/** The signed-in user's id, read from the cache only: the language must never cause a session request. */
function useSignedInUserId(): number | undefined {
  const { data } = useQuery({ ...sessionQueries.current(), enabled: false });
  return data?.user.id ?? undefined;
}

/** react-intl's provider over the chosen language's messages; `<html lang>` follows it. */
export function I18nProvider({ children, locale: fixed }: Props) {
  const userId = useSignedInUserId();
  // Who was last signed in in this tab: once they sign out, the sign-in page keeps speaking their language.
  const [lastUserId, setLastUserId] = useState(userId);
  if (userId !== undefined && userId !== lastUserId) setLastUserId(userId);
  const speaker = userId ?? lastUserId;
  // A choice made in this tab, kept with whose it was: the next person to sign in here gets their own.
  const [chosen, setChosen] = useState<{ userId: number | undefined; locale: Locale }>();
  const mine = chosen?.userId === speaker ? chosen?.locale : undefined;
  const locale =
    fixed ?? mine ?? (speaker === undefined ? undefined : storedLocale(speaker)) ?? browserLocale();
  const ready = loadedMessages(locale);
  // What is on screen while another language's chunk arrives (nothing before the very first).
  const [lastLoaded, setLastLoaded] = useState<{ locale: Locale; messages: Messages } | undefined>(
    () => ready && { locale, messages: ready },
  );
  const messages = ready ? { locale, messages: ready } : lastLoaded;
  const shownLocale = messages?.locale;

  useEffect(() => {
    if (ready) return;
    let current = true;
    loadMessages(locale).then(
      (loaded) => current && setLastLoaded({ locale, messages: loaded }),
      // The language's chunk did not arrive (offline, a new deploy): stay in the language on screen.
      () => current && setChosen({ userId: speaker, locale: shownLocale ?? DEFAULT_LOCALE }),
    );
    return () => {
      current = false;
    };
  }, [locale, ready, shownLocale, speaker]);

  useEffect(() => {
    if (shownLocale) document.documentElement.lang = shownLocale === 'pseudo' ? 'en' : shownLocale;
  }, [shownLocale]);

  const choice = useMemo(
    () => ({
      locale: shownLocale ?? locale,
      setLocale: (next: Locale) => {
        if (userId !== undefined) storeLocale(userId, next);
        setChosen({ userId: speaker, locale: next });
      },
    }),
    [locale, shownLocale, speaker, userId],
  );

  // A first load in another language waits for its messages (a small chunk) rather than flash English.
  if (!messages) return null;
  return (
    <LocaleContext.Provider value={choice}>
      <IntlProvider
        locale={messages.locale === 'pseudo' ? 'en' : messages.locale}
        messages={messages.messages}
        defaultLocale={DEFAULT_LOCALE}
      >
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}
