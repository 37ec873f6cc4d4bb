// Marketo's daily quota resets at 00:00 US Central ("12:00AM CST" in Adobe's docs), which is CST or CDT
// depending on the date; Intl knows the rules, so no offsets are hard-coded here.

const CHICAGO = 'America/Chicago';

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: CHICAGO,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number): WallClock {
  const parts: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Chicago's offset from UTC at `instant`, in ms (e.g. -6 h in winter). */
function offsetAt(instant: number): number {
  const w = wallClock(instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** Today's date in Chicago as `YYYY-MM-DD` (the day Marketo's usage counters belong to). */
export function chicagoDate(now: Date = new Date()): string {
  const w = wallClock(now.getTime());
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/**
 * The next midnight in America/Chicago strictly after `now`, DST-correct (midnight is never inside a DST gap
 * there: the switch happens at 02:00).
 */
export function nextQuotaReset(now: Date = new Date()): Date {
  const today = wallClock(now.getTime());
  const midnightAsUtc = Date.UTC(today.year, today.month - 1, today.day + 1);
  // Two passes: the offset at the guessed instant may differ from the offset at the real one across a switch.
  let instant = midnightAsUtc - offsetAt(midnightAsUtc);
  instant = midnightAsUtc - offsetAt(instant);
  return new Date(instant);
}
