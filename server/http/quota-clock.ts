// Marketo's daily quota resets at midnight US Central ("12:00AM CST" in Adobe's docs); we follow the
// America/Chicago wall clock so daylight saving time is handled.
const ZONE = 'America/Chicago';

const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

function partsOf(instant: number): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of wallClock.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
}

/** Milliseconds that Chicago's wall clock is ahead of UTC at `instant` (negative: -5 h or -6 h). */
function offsetAt(instant: number): number {
  const p = partsOf(instant);
  const asUtc = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The next midnight in US Central after `now`. */
export function nextQuotaReset(now: Date = new Date()): Date {
  const today = partsOf(now.getTime());
  const wallMidnight = Date.UTC(today.year ?? 0, (today.month ?? 1) - 1, (today.day ?? 1) + 1);
  // The offset at midnight may differ from now's on a DST switch day, so settle it at the target instant.
  let instant = wallMidnight - offsetAt(now.getTime());
  instant = wallMidnight - offsetAt(instant);
  return new Date(instant);
}
