import type { CollectionPeriod } from '../../domain/index.ts';
import { periodEndsClause, type PeriodClause } from './period-clause.ts';
import { splitIntoWholeUnits, UTC_DAY, utcDateOf } from './whole-utc-units.ts';

/**
 * A collection period as the day-sum tables answer it (0010-ledger-figure-days.sql): the whole UTC days it covers,
 * read from the day sums, and the parts of a day at its ends, read from the per-batch rows. Together they are the
 * period exactly, once each, whatever instant or time zone its ends were given in.
 */
export interface DaySplit {
  /** Whole days `[from, to)` as `YYYY-MM-DD`, an end open where the period's is; undefined when it holds none. */
  readonly days?: { readonly from?: string; readonly to?: string };
  /** The instants outside whole days: at most two spans, `[from, to)`. */
  readonly ends: readonly { readonly from: Date; readonly to: Date }[];
}

/** Splits `period` into whole UTC days and the spans at its ends. */
export function splitIntoDays(period: CollectionPeriod | undefined): DaySplit {
  const { whole, ends } = splitIntoWholeUnits(period, UTC_DAY);
  if (whole === undefined) return { ends };
  return {
    days: {
      ...(whole.from === undefined ? {} : { from: utcDateOf(whole.from) }),
      ...(whole.to === undefined ? {} : { to: utcDateOf(whole.to) }),
    },
    ends,
  };
}

/**
 * The conditions a period's figure needs, numbered from `firstParam`: `days` for the day-sum rows of its whole days,
 * `ends` for the per-batch rows (by `collected_at`) of the rest, and their parameters in that order.
 */
export function daySumClauses(
  period: CollectionPeriod | undefined,
  firstParam: number,
): { readonly days: PeriodClause; readonly ends: PeriodClause; readonly params: readonly string[] } {
  const split = splitIntoDays(period);
  const days = wholeDaysClause(split, firstParam);
  const ends = periodEndsClause(split, 'collected_at', firstParam + days.params.length);
  return { days, ends, params: [...days.params, ...ends.params] };
}

/** `and` conditions keeping the day-sum rows of the split's whole days (`and false` when it has none). */
export function wholeDaysClause(split: DaySplit, firstParam: number): PeriodClause {
  return wholeUnitsClause('day', split.days, firstParam);
}

/** `and` conditions keeping the rows whose date `column` lies in `[whole.from, whole.to)` (`and false` for none). */
export function wholeUnitsClause(
  column: string,
  whole: { readonly from?: string; readonly to?: string } | undefined,
  firstParam: number,
): PeriodClause {
  if (whole === undefined) return { sql: 'and false', params: [] };
  const conditions: string[] = [];
  const params: string[] = [];
  if (whole.from !== undefined) {
    params.push(whole.from);
    conditions.push(`and ${column} >= $${firstParam + params.length - 1}::date`);
  }
  if (whole.to !== undefined) {
    params.push(whole.to);
    conditions.push(`and ${column} < $${firstParam + params.length - 1}::date`);
  }
  return { sql: conditions.join(' '), params };
}
