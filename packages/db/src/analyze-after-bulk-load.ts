import type { Queryable } from './db.ts';
import { quoteIdentifier } from './quote-identifier.ts';

/**
 * Refreshes the planner statistics of `tables` (`name` or `schema.name`; all tables when omitted). Call it after
 * loading many rows: PGlite has no autovacuum, so without it the planner keeps the estimates of an empty table;
 * on a PostgreSQL server it saves waiting for autovacuum to notice.
 */
export async function analyzeAfterBulkLoad(db: Queryable, tables: readonly string[] = []): Promise<void> {
  const names = tables.map((table) =>
    table
      .split('.')
      .map((part) => quoteIdentifier(part, 'table'))
      .join('.'),
  );
  await db.query(names.length === 0 ? 'analyze' : `analyze ${names.join(', ')}`);
}
