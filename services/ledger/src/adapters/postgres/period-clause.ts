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
