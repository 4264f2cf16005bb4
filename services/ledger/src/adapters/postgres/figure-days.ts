import type { CollectionPeriod } from '../../domain/index.ts';
import type { PeriodClause } from './period-clause.ts';
import { splitIntoWholeUnits, UTC_DAY, wholeUnitsClause, wholeUnitSumClauses } from './whole-utc-units.ts';

/**
 * A collection period as the day-sum tables answer it (0010-ledger-figure-days.sql): the whole UTC days it covers,
 * read from the day sums, and the parts of a day at its ends, read from the per-batch rows (whole-utc-units.ts).
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
  return whole === undefined ? { ends } : { days: whole, ends };
}

/**
 * The conditions a period's figure needs, numbered from `firstParam`: `days` for the day-sum rows of its whole days,
 * `ends` for the per-batch rows (by `collected_at`) of the rest, and their parameters in that order.
 */
export function daySumClauses(
  period: CollectionPeriod | undefined,
  firstParam: number,
): { readonly days: PeriodClause; readonly ends: PeriodClause; readonly params: readonly string[] } {
  const { whole, ends, params } = wholeUnitSumClauses(period, UTC_DAY, 'day', firstParam);
  return { days: whole, ends, params };
}

/** `and` conditions keeping the day-sum rows of the split's whole days (`and false` when it has none). */
export function wholeDaysClause(split: DaySplit, firstParam: number): PeriodClause {
  const { days, ends } = split;
  return wholeUnitsClause(days === undefined ? { ends } : { whole: days, ends }, 'day', firstParam);
}
