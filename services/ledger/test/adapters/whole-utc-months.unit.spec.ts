import { describe, expect, it } from 'vitest';
import type { CollectionPeriod } from '../../src/domain/index.ts';
import { splitIntoWholeUnits, UTC_MONTH, wholeUnitSumClauses } from '../../src/adapters/postgres/whole-utc-units.ts';

const at = (iso: string): Date => new Date(iso);
const splitIntoMonths = (period: CollectionPeriod | undefined) => splitIntoWholeUnits(period, UTC_MONTH);

describe('a collection period split into whole UTC months and its ends', () => {
  it('is all months, with no ends, when it is open at both ends or both ends start a UTC month', () => {
    expect(splitIntoMonths(undefined)).toEqual({ whole: {}, ends: [] });
    expect(splitIntoMonths({ from: at('2026-01-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') })).toEqual({
      whole: { from: '2026-01-01', to: '2027-01-01' },
      ends: [],
    });
  });

  it('reads a Dutch year as eleven UTC months, December but its last hour, and the hour before 1 January', () => {
    expect(splitIntoMonths({ from: at('2026-01-01T00:00:00+01:00'), to: at('2027-01-01T00:00:00+01:00') })).toEqual({
      whole: { from: '2026-01-01', to: '2026-12-01' },
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
      whole: { from: '2026-01-01' },
      ends: [{ from: at('2025-12-15T00:00:00Z'), to: at('2026-01-01T00:00:00Z') }],
    });
    expect(splitIntoMonths({ to: at('2026-01-15T00:00:00Z') })).toEqual({
      whole: { to: '2026-01-01' },
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
            split.whole !== undefined &&
            (split.whole.from === undefined || t >= Date.parse(`${split.whole.from}T00:00:00Z`)) &&
            (split.whole.to === undefined || t < Date.parse(`${split.whole.to}T00:00:00Z`));
          const inEnds = split.ends.filter((end) => t >= end.from.getTime() && t < end.to.getTime()).length;
          const inPeriod = t >= from.getTime() && t < to.getTime();
          expect((inMonths ? 1 : 0) + inEnds, `${new Date(t).toISOString()} in [${fromIso}, ${toIso})`).toBe(
            inPeriod ? 1 : 0,
          );
        }
      }
    }
  });

  it('keeps years before 100 and after 9999 as they are', () => {
    expect(splitIntoMonths({ from: at('0050-03-15T00:00:00Z'), to: at('0050-06-01T00:00:00Z') }).whole).toEqual({
      from: '0050-04-01',
      to: '0050-06-01',
    });
    expect(splitIntoMonths({ from: at('9999-12-15T00:00:00Z') }).whole).toEqual({ from: '10000-01-01' });
  });

  it('becomes SQL conditions numbered from the placeholder given', () => {
    expect(
      wholeUnitSumClauses(
        { from: at('2026-01-01T00:00:00+01:00'), to: at('2026-03-01T00:00:00Z') },
        UTC_MONTH,
        'month',
        1,
      ),
    ).toEqual({
      whole: { sql: 'and month >= $1::date and month < $2::date', params: ['2026-01-01', '2026-03-01'] },
      ends: {
        sql: 'and ((collected_at >= $3::timestamptz and collected_at < $4::timestamptz))',
        params: ['2025-12-31T23:00:00.000Z', '2026-01-01T00:00:00.000Z'],
      },
      params: ['2026-01-01', '2026-03-01', '2025-12-31T23:00:00.000Z', '2026-01-01T00:00:00.000Z'],
    });
  });
});
