import { describe, expect, it } from 'vitest';
import { readJson } from '../src/index.ts';

const amsterdam = 'Europe/Amsterdam';

function boundary(value: unknown, timeZone = amsterdam): Date {
  return readJson({ from: value }, (input) => input.periodBoundary('from', timeZone));
}

describe('a period boundary as people type it', () => {
  it('takes a calendar date as the first instant of that day in the chain’s time zone', () => {
    expect(boundary('2026-01-01').toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(boundary('2026-01-01', 'UTC').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(readJson({}, (input) => input.optionalPeriodBoundary('from', amsterdam))).toBeUndefined();
  });

  it('keeps full date-times exact, whatever the time zone', () => {
    expect(boundary('2026-01-01T00:00:00Z').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(boundary('2026-03-01T10:00:00+01:00').toISOString()).toBe('2026-03-01T09:00:00.000Z');
  });

  it('refuses what is neither, naming the field and both accepted forms', () => {
    for (const value of ['2026-1-1', '01-01-2026', '2026-01-01T10:00:00', 20260101]) {
      expect(() => boundary(value), String(value)).toThrow(
        expect.objectContaining({
          field: 'from',
          message:
            'must be a calendar date such as 2026-01-01 (the start of that day in Europe/Amsterdam) or an ISO 8601 ' +
            'date-time with seconds and an offset or Z, e.g. 2026-03-01T10:00:00Z',
        }),
      );
    }
    // A date-time in the right form but not on the calendar keeps the timestamp rule's own words.
    expect(() => boundary('2026-02-30T10:00:00Z')).toThrow(
      expect.objectContaining({ field: 'from', message: 'is not a valid calendar date and time' }),
    );
  });
});
