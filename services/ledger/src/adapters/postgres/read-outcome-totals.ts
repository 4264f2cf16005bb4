import type { Queryable } from '@vezel/db';
import { toGrams, type Grams } from '@vezel/grams';
import type { CollectionPeriod, KpiScope, Outcome } from '../../domain/index.ts';
import { periodClause } from './period-clause.ts';

/**
 * Grams per outcome of the batches collected in `period` within `scope` (the chain, a municipality, or the
 * batches a centre received): a SUM over the per-batch figures, each of which adds up to its batch exactly.
 */
export async function readOutcomeTotals(
  db: Queryable,
  scope: KpiScope,
  period: CollectionPeriod,
): Promise<Map<Outcome, Grams>> {
  const [condition, params] =
    scope.kind === 'chain'
      ? ['true', []]
      : scope.kind === 'municipality'
        ? ['municipality = $1', [scope.municipality]]
        : ['centre_id = $1', [scope.centreId]];
  const clause = periodClause('collected_at', period, params.length + 1);
  const { rows } = await db.query<{ outcome: string; grams: bigint }>(
    `select outcome, sum(grams)::bigint as grams from ledger_batch_outcomes
      where ${condition} ${clause.sql} group by outcome`,
    [...params, ...clause.params],
  );
  return new Map(rows.map((row) => [row.outcome, toGrams(row.grams)]));
}
