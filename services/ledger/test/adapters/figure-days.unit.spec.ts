import { describe, expect, it } from 'vitest';
import { splitIntoDays, wholeDaysClause } from '../../src/adapters/postgres/figure-days.ts';
import { periodEndsClause } from '../../src/adapters/postgres/period-clause.ts';

const at = (iso: string): Date => new Date(iso);

describe('a collection period split into whole UTC days and its ends', () => {
  it('is all days, with no ends, when it is open at both ends', () => {
    expect(splitIntoDays(undefined)).toEqual({ days: {}, ends: [] });
    expect(splitIntoDays({})).toEqual({ days: {}, ends: [] });
  });

  it('has no ends when both are UTC midnights', () => {
    expect(splitIntoDays({ from: at('2026-01-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') })).toEqual({
      days: { from: '2026-01-01', to: '2027-01-01' },
      ends: [],
    });
  });

  it('reads the hour before a Dutch midnight and the hours after the last UTC midnight from the ends', () => {
    // The year 2026 in Amsterdam: 2025-12-31T23:00Z to 2026-12-31T23:00Z.
    expect(splitIntoDays({ from: at('2026-01-01T00:00:00+01:00'), to: at('2027-01-01T00:00:00+01:00') })).toEqual({
      days: { from: '2026-01-01', to: '2026-12-31' },
      ends: [
        { from: at('2025-12-31T23:00:00Z'), to: at('2026-01-01T00:00:00Z') },
        { from: at('2026-12-31T00:00:00Z'), to: at('2026-12-31T23:00:00Z') },
      ],
    });
  });

  it('is all end when no whole day lies inside, and nothing when it is empty', () => {
    const from = at('2026-03-02T10:00:00Z');
    const to = at('2026-03-03T09:00:00Z');
    expect(splitIntoDays({ from, to })).toEqual({ ends: [{ from, to }] });
    expect(splitIntoDays({ from: to, to: from })).toEqual({ ends: [] });
    expect(splitIntoDays({ from, to: from })).toEqual({ ends: [] });
  });

  it('keeps an open end open', () => {
    expect(splitIntoDays({ from: at('2026-03-02T10:00:00Z') })).toEqual({
      days: { from: '2026-03-03' },
      ends: [{ from: at('2026-03-02T10:00:00Z'), to: at('2026-03-03T00:00:00Z') }],
    });
    expect(splitIntoDays({ to: at('2026-03-02T10:00:00Z') })).toEqual({
      days: { to: '2026-03-02' },
      ends: [{ from: at('2026-03-02T00:00:00Z'), to: at('2026-03-02T10:00:00Z') }],
    });
  });

  it('covers every instant of the period exactly once, for any ends', () => {
    const starts = ['2026-03-01T00:00:00Z', '2026-03-01T13:30:00Z', '2026-03-02T23:59:59.999Z'];
    const ends = ['2026-03-01T13:30:00Z', '2026-03-03T00:00:00Z', '2026-03-05T06:00:00Z'];
    for (const fromIso of starts) {
      for (const toIso of ends) {
        const from = at(fromIso);
        const to = at(toIso);
        const split = splitIntoDays({ from, to });
        for (let t = from.getTime() - 3_600_000; t <= to.getTime() + 3_600_000; t += 1_800_000) {
          const inDays =
            split.days !== undefined &&
            (split.days.from === undefined || t >= Date.parse(`${split.days.from}T00:00:00Z`)) &&
            (split.days.to === undefined || t < Date.parse(`${split.days.to}T00:00:00Z`));
          const inEnds = split.ends.filter((end) => t >= end.from.getTime() && t < end.to.getTime()).length;
          const inPeriod = t >= from.getTime() && t < to.getTime();
          expect((inDays ? 1 : 0) + inEnds, `${new Date(t).toISOString()} in [${fromIso}, ${toIso})`).toBe(
            inPeriod ? 1 : 0,
          );
        }
      }
    }
  });

  it('writes days past the year 9999 as PostgreSQL reads them', () => {
    expect(splitIntoDays({ from: at('9999-12-31T12:00:00Z') }).days).toEqual({ from: '10000-01-01' });
  });

  it('becomes SQL conditions numbered from the placeholder given', () => {
    const split = splitIntoDays({ from: at('2026-01-01T00:00:00+01:00'), to: at('2026-02-01T00:00:00Z') });
    expect(wholeDaysClause(split, 2)).toEqual({
      sql: 'and day >= $2::date and day < $3::date',
      params: ['2026-01-01', '2026-02-01'],
    });
    expect(periodEndsClause(split, 'collected_at', 4)).toEqual({
      sql: 'and ((collected_at >= $4::timestamptz and collected_at < $5::timestamptz))',
      params: ['2025-12-31T23:00:00.000Z', '2026-01-01T00:00:00.000Z'],
    });
    expect(
      wholeDaysClause(splitIntoDays({ from: at('2026-01-01T10:00:00Z'), to: at('2026-01-01T11:00:00Z') }), 1),
    ).toEqual({ sql: 'and false', params: [] });
    expect(periodEndsClause(splitIntoDays(undefined), 'collected_at', 1)).toEqual({ sql: 'and false', params: [] });
  });
});
