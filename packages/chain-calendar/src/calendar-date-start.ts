import { InvalidInputError } from '@vezel/errors';
import { startOfDay } from './start-of-day.ts';

/** The earliest year a calendar date may name. */
const FIRST_YEAR = 1900;

/** `YYYY-MM-DD`: how people write a day, and how a period boundary may be given instead of an instant. */
export const CALENDAR_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A period boundary given as a calendar date: the first instant of that day in the chain's `timeZone`. A period
 * `from=2026-01-01&to=2027-01-01` is then the year 2026 as the chain lives it, its end excluded.
 */
export function calendarDateStart(text: string, field: string, timeZone: string): Date {
  const match = CALENDAR_DATE_PATTERN.exec(text);
  if (match === null) {
    throw new InvalidInputError(
      `must be a calendar date such as 2026-01-01 (the start of that day in ${timeZone}), got ${JSON.stringify(text)}`,
      { field },
    );
  }
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new InvalidInputError(`is not a valid calendar date: ${text}`, { field });
  }
  // Before 1900 time zones were local mean times and no chain event exists; the bound keeps the arithmetic sane.
  if (year < FIRST_YEAR) {
    throw new InvalidInputError(`must be a calendar date from ${FIRST_YEAR}-01-01 on, got ${JSON.stringify(text)}`, {
      field,
    });
  }
  return startOfDay({ year, month, day }, timeZone);
}

/** Days in a month (1-12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; setUTCFullYear avoids Date.UTC's 19xx mapping of years < 100.
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}
