// The chain's calendar: the time zone its days are counted in, and periods people type as calendar dates.
export { DEFAULT_CHAIN_TIME_ZONE, requireTimeZone } from './chain-time-zone.ts';
export { calendarDateStart, daysInMonth, CALENDAR_DATE_PATTERN } from './calendar-date-start.ts';
export { startOfDay, type CalendarDate } from './start-of-day.ts';
