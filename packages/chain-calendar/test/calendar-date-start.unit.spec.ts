import { InvalidInputError } from '@vezel/errors';
import { describe, expect, it } from 'vitest';
import { calendarDateStart, requireTimeZone, startOfDay } from '../src/index.ts';

const amsterdam = 'Europe/Amsterdam';

function boundary(value: string, timeZone = amsterdam): Date {
  return calendarDateStart(value, 'from', timeZone);
}

function rejection(action: () => unknown): InvalidInputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('a calendar date as a period boundary', () => {
  it('is the first instant of that day in the chain’s time zone', () => {
    expect(boundary('2026-01-01').toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(boundary('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(boundary('2026-01-01', 'UTC').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(boundary('2026-01-01', 'Asia/Kolkata').toISOString()).toBe('2025-12-31T18:30:00.000Z');
  });

  it('gives a day across the spring daylight-saving change 23 hours and one across the autumn change 25', () => {
    const hoursOf = (from: string, to: string): number => (boundary(to).getTime() - boundary(from).getTime()) / 3_600_000;
    expect(hoursOf('2026-03-29', '2026-03-30')).toBe(23);
    expect(hoursOf('2026-10-25', '2026-10-26')).toBe(25);
    expect(hoursOf('2026-03-28', '2026-03-29')).toBe(24);
    expect(boundary('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(boundary('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('begins a day without a local midnight when the clocks jump (Chile moves them at 24:00)', () => {
    // On 6 September 2026 Santiago goes from 24:00 -04:00 straight to 01:00 -03:00.
    expect(startOfDay({ year: 2026, month: 9, day: 6 }, 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(startOfDay({ year: 2026, month: 9, day: 5 }, 'America/Santiago').toISOString()).toBe('2026-09-05T04:00:00.000Z');
  });

  it('refuses a date that is not on the calendar', () => {
    expect(rejection(() => boundary('2026-02-29')).message).toBe('is not a calendar date: 2026-02-29');
    expect(boundary('2028-02-29').toISOString()).toBe('2028-02-28T23:00:00.000Z');
    expect(rejection(() => calendarDateStart('2026-13-01', 'fromDate', amsterdam)).field).toBe('fromDate');
  });
});

describe('the chain’s time zone setting', () => {
  it('accepts an IANA name and refuses a typo, naming the setting', () => {
    expect(requireTimeZone('Europe/Amsterdam', 'CHAIN_TIME_ZONE')).toBe('Europe/Amsterdam');
    const error = rejection(() => requireTimeZone('Europe/Amsterdan', 'CHAIN_TIME_ZONE'));
    expect(error.field).toBe('CHAIN_TIME_ZONE');
    expect(error.message).toContain('"Europe/Amsterdan"');
  });
});
