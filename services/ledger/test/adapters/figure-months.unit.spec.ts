import { describe, expect, it } from 'vitest';
import { monthSumClauses, splitIntoMonths } from '../../src/adapters/postgres/figure-months.ts';

const at = (iso: string): Date => new Date(iso);

describe('a collection period split into whole UTC months and its ends', () => {
  it('is all months, with no ends, when it is open at both ends or both ends start a UTC month', () => {
    expect(splitIntoMonths(undefined)).toEqual({ months: {}, ends: [] });
    expect(splitIntoMonths({ from: at('2026-01-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') })).toEqual({
      months: { from: '2026-01-01', to: '2027-01-01' },
      ends: [],
    });
  });

  it('reads a Dutch year as eleven UTC months, December but its last hour, and the hour before 1 January', () => {
    expect(splitIntoMonths({ from: at('2026-01-01T00:00:00+01:00'), to: at('2027-01-01T00:00:00+01:00') })).toEqual({
      months: { from: '2026-01-01', to: '2026-12-01' },
      ends: [
        { from: at('2025-12-31T23:00:00Z'), to: at('2026-01-01T00:00:00Z') },
        { from: at('2026-12-01T00:00:00Z'), to: at('2026-12-31T23:00:00Z') },
      ],
    });
  });

  it('is all end when no whole month lies inside, and nothing when it is empty', () => {
    const from = at('2026-02-03T10:00:00Z');
    const to = at('2026-03-20T00:00:00Z');
    expect(splitIntoMonths({ from, to })).toEqual({ ends: [{ from, to }] });
    expect(splitIntoMonths({ from: to, to: from })).toEqual({ ends: [] });
  });

  it('keeps an open end open, across a year end', () => {
    expect(splitIntoMonths({ from: at('2025-12-15T00:00:00Z') })).toEqual({
      months: { from: '2026-01-01' },
      ends: [{ from: at('2025-12-15T00:00:00Z'), to: at('2026-01-01T00:00:00Z') }],
    });
    expect(splitIntoMonths({ to: at('2026-01-15T00:00:00Z') })).toEqual({
      months: { to: '2026-01-01' },
      ends: [{ from: at('2026-01-01T00:00:00Z'), to: at('2026-01-15T00:00:00Z') }],
    });
  });

  it('covers every instant of the period exactly once, for any ends, leap February included', () => {
    const starts = ['2024-01-31T23:00:00Z', '2024-02-01T00:00:00Z', '2024-02-29T12:00:00Z'];
    const ends = ['2024-02-29T23:59:59.999Z', '2024-03-01T00:00:00Z', '2024-05-02T06:00:00Z'];
    for (const fromIso of starts) {
      for (const toIso of ends) {
        const from = at(fromIso);
        const to = at(toIso);
        const split = splitIntoMonths({ from, to });
        for (let t = from.getTime() - 86_400_000; t <= to.getTime() + 86_400_000; t += 3_600_000) {
          const inMonths =
            split.months !== undefined &&
            (split.months.from === undefined || t >= Date.parse(`${split.months.from}T00:00:00Z`)) &&
            (split.months.to === undefined || t < Date.parse(`${split.months.to}T00:00:00Z`));
          const inEnds = split.ends.filter((end) => t >= end.from.getTime() && t < end.to.getTime()).length;
          const inPeriod = t >= from.getTime() && t < to.getTime();
          expect((inMonths ? 1 : 0) + inEnds, `${new Date(t).toISOString()} in [${fromIso}, ${toIso})`).toBe(
            inPeriod ? 1 : 0,
          );
        }
      }
    }
  });

  it('becomes SQL conditions numbered from the placeholder given', () => {
    expect(monthSumClauses({ from: at('2026-01-01T00:00:00+01:00'), to: at('2026-03-01T00:00:00Z') }, 1)).toEqual({
      months: { sql: 'and month >= $1::date and month < $2::date', params: ['2026-01-01', '2026-03-01'] },
      ends: {
        sql: 'and ((collected_at >= $3::timestamptz and collected_at < $4::timestamptz))',
        params: ['2025-12-31T23:00:00.000Z', '2026-01-01T00:00:00.000Z'],
      },
      params: ['2026-01-01', '2026-03-01', '2025-12-31T23:00:00.000Z', '2026-01-01T00:00:00.000Z'],
    });
  });
});
