import { isLocale } from './locales';
import type { Locale } from './locales';

// One entry per user id, so people sharing a browser each keep their own language. The language is not a
// secret, and the id is only the console's own number for the account.
const key = (userId: number) => `partition-console.locale.${userId}`;

/** The language this user chose on this browser, if any (storage may be off in a private window). */
export function storedLocale(userId: number): Locale | undefined {
  try {
    const value = globalThis.localStorage.getItem(key(userId));
    return isLocale(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function storeLocale(userId: number, locale: Locale): void {
  try {
    globalThis.localStorage.setItem(key(userId), locale);
  } catch {
    // Not remembered then, but the page still changes language.
  }
}
