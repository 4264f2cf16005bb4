import type { CollectionPeriod } from '../../domain/index.ts';
import { periodEndsClause, type PeriodClause } from './period-clause.ts';

/**
 * Sums kept per UTC day or month (the day sums, 0010-ledger-figure-days.sql; the grade month sums,
 * 0016-ledger-fraction-outcome-months.sql) answer a period from the whole units it covers and the per-batch rows for
 * the rest. UTC units, not the chain's time zone: a unit's sums then never depend on a setting that can change, and a
 * period given in any zone still splits exactly into whole units and at most two shorter ends.
 */

/** A calendar unit that starts at UTC midnights: a day or a month. */
export interface UtcUnit {
  /** The first start of a unit at or after `time` (milliseconds since the epoch). */
  startAtOrAfter(time: number): number;
  /** The last start of a unit at or before `time`. */
  startAtOrBefore(time: number): number;
}

const DAY_MS = 86_400_000;

export const UTC_DAY: UtcUnit = {
  startAtOrAfter: (time) => Math.ceil(time / DAY_MS) * DAY_MS,
  startAtOrBefore: (time) => Math.floor(time / DAY_MS) * DAY_MS,
};

export const UTC_MONTH: UtcUnit = {
  startAtOrAfter: (time) => {
    const start = UTC_MONTH.startAtOrBefore(time);
    if (start === time) return time;
    const day = new Date(start);
    return monthStart(day.getUTCFullYear(), day.getUTCMonth() + 1);
  },
  startAtOrBefore: (time) => {
    const day = new Date(time);
    return monthStart(day.getUTCFullYear(), day.getUTCMonth());
  },
};

/** The first instant of `month` (0-based; 12 is January of the next year) of `year`. */
function monthStart(year: number, month: number): number {
  // Not Date.UTC, which reads the years 0 to 99 as 1900 to 1999.
  const start = new Date(0);
  start.setUTCFullYear(year, month, 1);
  return start.getTime();
}

/**
 * A period as sums per unit answer it: the whole units it covers (`[from, to)` as the dates their first days are,
 * `YYYY-MM-DD`, an end open where the period's is; undefined when it holds none) and the instants outside them (at
 * most two spans at its ends). Together they are the period exactly, once each.
 */
export interface WholeUnitSplit {
  readonly whole?: { readonly from?: string; readonly to?: string };
  readonly ends: readonly { readonly from: Date; readonly to: Date }[];
}

/** Splits `period` into whole `unit`s and the spans at its ends. */
export function splitIntoWholeUnits(period: CollectionPeriod | undefined, unit: UtcUnit): WholeUnitSplit {
  const from = period?.from;
  const to = period?.to;
  const firstStart = from === undefined ? undefined : unit.startAtOrAfter(from.getTime());
  const lastStart = to === undefined ? undefined : unit.startAtOrBefore(to.getTime());
  if (firstStart !== undefined && lastStart !== undefined && firstStart >= lastStart) {
    // No whole unit inside: the period, if it is not empty, is all end.
    return { ends: from!.getTime() < to!.getTime() ? [{ from: from!, to: to! }] : [] };
  }
  const ends: { from: Date; to: Date }[] = [];
  if (from !== undefined && firstStart! > from.getTime()) ends.push({ from, to: new Date(firstStart!) });
  if (to !== undefined && lastStart! < to.getTime()) ends.push({ from: new Date(lastStart!), to });
  return {
    whole: {
      ...(firstStart === undefined ? {} : { from: utcDateOf(firstStart) }),
      ...(lastStart === undefined ? {} : { to: utcDateOf(lastStart) }),
    },
    ends,
  };
}

/**
 * The conditions a period's figure needs, numbered from `firstParam`: `whole` for the sum rows (by their date column
 * `unitColumn`) of its whole units, `ends` for the per-batch rows (by `collected_at`) of the rest, and their
 * parameters in that order.
 */
export function wholeUnitSumClauses(
  period: CollectionPeriod | undefined,
  unit: UtcUnit,
  unitColumn: string,
  firstParam: number,
): { readonly whole: PeriodClause; readonly ends: PeriodClause; readonly params: readonly string[] } {
  const split = splitIntoWholeUnits(period, unit);
  const whole = wholeUnitsClause(split, unitColumn, firstParam);
  const ends = periodEndsClause(split, 'collected_at', firstParam + whole.params.length);
  return { whole, ends, params: [...whole.params, ...ends.params] };
}

/** `and` conditions keeping the sum rows whose date `column` lies in the split's whole units (`and false` for none). */
export function wholeUnitsClause(split: WholeUnitSplit, column: string, firstParam: number): PeriodClause {
  if (split.whole === undefined) return { sql: 'and false', params: [] };
  const conditions: string[] = [];
  const params: string[] = [];
  if (split.whole.from !== undefined) {
    params.push(split.whole.from);
    conditions.push(`and ${column} >= $${firstParam + params.length - 1}::date`);
  }
  if (split.whole.to !== undefined) {
    params.push(split.whole.to);
    conditions.push(`and ${column} < $${firstParam + params.length - 1}::date`);
  }
  return { sql: conditions.join(' '), params };
}

/** The date of a UTC midnight as PostgreSQL reads it, years past 9999 included (toISOString writes `+010000`). */
export function utcDateOf(midnight: number): string {
  const day = new Date(midnight);
  const year = String(day.getUTCFullYear()).padStart(4, '0');
  return `${year}-${String(day.getUTCMonth() + 1).padStart(2, '0')}-${String(day.getUTCDate()).padStart(2, '0')}`;
}
