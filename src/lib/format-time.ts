import type { IntlShape } from 'react-intl';

// Instants in the user's own time zone and language. The zone is always named, since a team in Mexico City and
// an admin in Montreal read the same record; the year only when it is not this one.

function validDate(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A date and time, e.g. "Mon, Nov 30, 12:00 AM CST", or "Sat, Nov 30, 2024, 12:00 AM CST" in another year. */
export function formatLocalTime(intl: IntlShape, iso: string, now: Date = new Date()): string {
  const date = validDate(iso);
  if (!date) return iso;
  return intl.formatDate(date, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    ...(date.getFullYear() !== now.getFullYear() && { year: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

/** For waits of seconds or minutes the date is noise: "7:06:07 PM CST". */
export function formatLocalClock(intl: IntlShape, iso: string): string {
  const date = validDate(iso);
  if (!date) return iso;
  return intl.formatTime(date, {
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
}

/** Hours and minutes only, for "try again after 7:06 PM CST". */
export function formatLocalHourMinute(intl: IntlShape, iso: string): string {
  const date = validDate(iso);
  if (!date) return iso;
  return intl.formatTime(date, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
}
