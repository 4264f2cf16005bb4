import type { CollectionPeriod } from '../../domain/index.ts';
import type { PeriodClause } from './period-clause.ts';

const DAY_MS = 86_400_000;

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
  const from = period?.from;
  const to = period?.to;
  // The first midnight at or after `from`, the last at or before `to`.
  const firstMidnight = from === undefined ? undefined : Math.ceil(from.getTime() / DAY_MS) * DAY_MS;
  const lastMidnight = to === undefined ? undefined : Math.floor(to.getTime() / DAY_MS) * DAY_MS;
  if (firstMidnight !== undefined && lastMidnight !== undefined && firstMidnight >= lastMidnight) {
    // No whole day inside: the period, if it is not empty, is all end.
    return { ends: from!.getTime() < to!.getTime() ? [{ from: from!, to: to! }] : [] };
  }
  const ends: { from: Date; to: Date }[] = [];
  if (from !== undefined && firstMidnight! > from.getTime()) ends.push({ from, to: new Date(firstMidnight!) });
  if (to !== undefined && lastMidnight! < to.getTime()) ends.push({ from: new Date(lastMidnight!), to });
  return {
    days: {
      ...(firstMidnight === undefined ? {} : { from: dayOf(firstMidnight) }),
      ...(lastMidnight === undefined ? {} : { to: dayOf(lastMidnight) }),
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
  if (split.days === undefined) return { sql: 'and false', params: [] };
  const conditions: string[] = [];
  const params: string[] = [];
  if (split.days.from !== undefined) {
    params.push(split.days.from);
    conditions.push(`and day >= $${firstParam + params.length - 1}::date`);
  }
  if (split.days.to !== undefined) {
    params.push(split.days.to);
    conditions.push(`and day < $${firstParam + params.length - 1}::date`);
  }
  return { sql: conditions.join(' '), params };
}

/** An `and` condition keeping the per-batch rows whose `column` lies in the split's ends (`and false` for none). */
export function periodEndsClause(split: DaySplit, column: string, firstParam: number): PeriodClause {
  if (split.ends.length === 0) return { sql: 'and false', params: [] };
  const params: string[] = [];
  const spans = split.ends.map(({ from, to }) => {
    params.push(from.toISOString(), to.toISOString());
    const at = firstParam + params.length - 2;
    return `(${column} >= $${at}::timestamptz and ${column} < $${at + 1}::timestamptz)`;
  });
  return { sql: `and (${spans.join(' or ')})`, params };
}

/** `YYYY-MM-DD` as PostgreSQL reads a date, years past 9999 included (toISOString writes those as `+010000`). */
function dayOf(midnight: number): string {
  const day = new Date(midnight);
  const year = String(day.getUTCFullYear()).padStart(4, '0');
  return `${year}-${String(day.getUTCMonth() + 1).padStart(2, '0')}-${String(day.getUTCDate()).padStart(2, '0')}`;
}
