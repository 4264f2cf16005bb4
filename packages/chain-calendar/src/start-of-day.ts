/** A calendar date, month 1-12. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time at `instant` in `timeZone`, written as if it were UTC (milliseconds since the epoch). */
function wallClockAt(instant: number, timeZone: string): number {
  const parts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type in parts) parts[part.type as keyof typeof parts] = Number(part.value);
  }
  const date = new Date(0);
  date.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  date.setUTCHours(parts.hour, parts.minute, parts.second, instant - Math.floor(instant / 1000) * 1000);
  return date.getTime();
}

/**
 * The first instant of `date` in `timeZone`. Usually local midnight, found from the zone's offset at a guess and
 * then at the result (the offset may differ between the two when a daylight-saving change lies between them).
 * Where a zone skips midnight (some move their clocks at 24:00), the day begins when the clocks jump, the first
 * instant whose local date is `date`: that is found by bisection.
 */
export function startOfDay(date: CalendarDate, timeZone: string): Date {
  const midnight = new Date(0);
  midnight.setUTCFullYear(date.year, date.month - 1, date.day);
  const target = midnight.getTime();
  const firstGuess = target - (wallClockAt(target, timeZone) - target);
  const candidate = target - (wallClockAt(firstGuess, timeZone) - firstGuess);
  if (wallClockAt(candidate, timeZone) === target) return new Date(candidate);
  // No local midnight that day: bisect between a moment surely the day before and one surely in the day.
  let before = target - 36 * 3_600_000;
  let within = target + 36 * 3_600_000;
  while (within - before > 1) {
    const middle = Math.floor((before + within) / 2);
    if (wallClockAt(middle, timeZone) >= target) within = middle;
    else before = middle;
  }
  return new Date(within);
}
