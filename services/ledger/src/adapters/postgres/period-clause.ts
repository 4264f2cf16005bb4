import type { CollectionPeriod } from '../../domain/index.ts';

/** SQL conditions (`and ...`) keeping rows whose `column` lies in `period`, and their parameters. */
export interface PeriodClause {
  readonly sql: string;
  readonly params: readonly string[];
}

/**
 * The collection-period filter shared by the figure queries: at or after `from`, before `to`, either end open.
 * `firstParam` is the number of the first placeholder it may use.
 */
export function periodClause(column: string, period: CollectionPeriod | undefined, firstParam: number): PeriodClause {
  const conditions: string[] = [];
  const params: string[] = [];
  if (period?.from !== undefined) {
    params.push(period.from.toISOString());
    conditions.push(`and ${column} >= $${firstParam + params.length - 1}::timestamptz`);
  }
  if (period?.to !== undefined) {
    params.push(period.to.toISOString());
    conditions.push(`and ${column} < $${firstParam + params.length - 1}::timestamptz`);
  }
  return { sql: conditions.join(' '), params };
}

/**
 * An `and` condition keeping the per-batch rows whose `column` lies in one of `ends` (the spans a period split into
 * whole days or months leaves at its ends; `and false` for none).
 */
export function periodEndsClause(
  split: { readonly ends: readonly { readonly from: Date; readonly to: Date }[] },
  column: string,
  firstParam: number,
): PeriodClause {
  if (split.ends.length === 0) return { sql: 'and false', params: [] };
  const params: string[] = [];
  const spans = split.ends.map(({ from, to }) => {
    params.push(from.toISOString(), to.toISOString());
    const at = firstParam + params.length - 2;
    return `(${column} >= $${at}::timestamptz and ${column} < $${at + 1}::timestamptz)`;
  });
  return { sql: `and (${spans.join(' or ')})`, params };
}
