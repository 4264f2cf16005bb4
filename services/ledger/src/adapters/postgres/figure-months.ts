import type { CollectionPeriod } from '../../domain/index.ts';
import { wholeUnitsClause } from './figure-days.ts';
import { periodEndsClause, type PeriodClause } from './period-clause.ts';
import { splitIntoWholeUnits, UTC_MONTH, utcDateOf } from './whole-utc-units.ts';

/**
 * A collection period as the grade month sums answer it (0016-ledger-fraction-outcome-months.sql): its whole UTC
 * months, as the first days of the months `[from, to)`, and the spans outside them, read from the per-batch rows.
 */
export interface MonthSplit {
  readonly months?: { readonly from?: string; readonly to?: string };
  readonly ends: readonly { readonly from: Date; readonly to: Date }[];
}

/** Splits `period` into whole UTC months and the spans at its ends (a Dutch year: eleven months, a month and an hour). */
export function splitIntoMonths(period: CollectionPeriod | undefined): MonthSplit {
  const { whole, ends } = splitIntoWholeUnits(period, UTC_MONTH);
  if (whole === undefined) return { ends };
  return {
    months: {
      ...(whole.from === undefined ? {} : { from: utcDateOf(whole.from) }),
      ...(whole.to === undefined ? {} : { to: utcDateOf(whole.to) }),
    },
    ends,
  };
}

/**
 * The conditions a period's grade figures need, numbered from `firstParam`: `months` for the month-sum rows of its
 * whole months, `ends` for the per-batch rows (by `collected_at`) of the rest, and their parameters in that order.
 */
export function monthSumClauses(
  period: CollectionPeriod | undefined,
  firstParam: number,
): { readonly months: PeriodClause; readonly ends: PeriodClause; readonly params: readonly string[] } {
  const split = splitIntoMonths(period);
  const months = wholeUnitsClause('month', split.months, firstParam);
  const ends = periodEndsClause(split, 'collected_at', firstParam + months.params.length);
  return { months, ends, params: [...months.params, ...ends.params] };
}
