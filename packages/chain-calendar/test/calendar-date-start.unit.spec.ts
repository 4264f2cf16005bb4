import { describe, expect, it } from 'vitest';
import { calendarDateStart, requireTimeZone, startOfDay } from '../src/index.ts';

const amsterdam = 'Europe/Amsterdam';

function boundary(value: string, timeZone = amsterdam): Date {
  return calendarDateStart(value, 'from', timeZone);
}

/** An InvalidInputError naming `field`, with `message` in its text. */
const invalidInput = (field: string, message: string): unknown =>
  expect.objectContaining({ name: 'InvalidInputError', field, message: expect.stringContaining(message) as unknown });

describe('a calendar date as a period boundary', () => {
  it('is the first instant of that day in the chain’s time zone', () => {
    expect(boundary('2026-01-01').toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(boundary('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(boundary('2026-01-01', 'UTC').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(boundary('2026-01-01', 'Asia/Kolkata').toISOString()).toBe('2025-12-31T18:30:00.000Z');
  });

  it('gives a day across the spring daylight-saving change 23 hours and one across the autumn change 25', () => {
    const hoursOf = (from: string, to: string): number =>
      (boundary(to).getTime() - boundary(from).getTime()) / 3_600_000;
    expect(hoursOf('2026-03-29', '2026-03-30')).toBe(23);
    expect(hoursOf('2026-10-25', '2026-10-26')).toBe(25);
    expect(hoursOf('2026-03-28', '2026-03-29')).toBe(24);
    expect(boundary('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(boundary('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('begins a day without a local midnight when the clocks jump (Chile moves them at 24:00)', () => {
    // On 6 September 2026 Santiago goes from 24:00 -04:00 straight to 01:00 -03:00.
    expect(startOfDay({ year: 2026, month: 9, day: 6 }, 'America/Santiago').toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    );
    expect(startOfDay({ year: 2026, month: 9, day: 5 }, 'America/Santiago').toISOString()).toBe(
      '2026-09-05T04:00:00.000Z',
    );
  });

  it('refuses a date that is not on the calendar', () => {
    expect(() => boundary('2026-02-29')).toThrow(invalidInput('from', 'is not a valid calendar date: 2026-02-29'));
    expect(() => boundary('0001-01-01')).toThrow(
      invalidInput('from', 'must be a calendar date from 1900-01-01 on, got "0001-01-01"'),
    );
    expect(boundary('1900-01-01', 'UTC').toISOString()).toBe('1900-01-01T00:00:00.000Z');
    expect(boundary('2028-02-29').toISOString()).toBe('2028-02-28T23:00:00.000Z');
    expect(() => calendarDateStart('2026-13-01', 'fromDate', amsterdam)).toThrow(
      invalidInput('fromDate', 'is not a valid calendar date'),
    );
    expect(() => boundary('2026-1-1')).toThrow(
      invalidInput(
        'from',
        'must be a calendar date such as 2026-01-01 (the start of that day in Europe/Amsterdam), got "2026-1-1"',
      ),
    );
  });
});

describe('the chain’s time zone setting', () => {
  it('accepts an IANA name and refuses a typo, naming the setting', () => {
    expect(requireTimeZone('Europe/Amsterdam', 'CHAIN_TIME_ZONE')).toBe('Europe/Amsterdam');
    expect(() => requireTimeZone('Europe/Amsterdan', 'CHAIN_TIME_ZONE')).toThrow(
      invalidInput('CHAIN_TIME_ZONE', 'must be an IANA time zone such as Europe/Amsterdam, got "Europe/Amsterdan"'),
    );
  });
});
