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

/**
 * Grams per outcome of the batches collected in `period`, per municipality of collection: the parts of the chain
 * total that {@link readOutcomeTotals} gives for the same period.
 */
export async function readOutcomeTotalsByMunicipality(
  db: Queryable,
  period: CollectionPeriod,
): Promise<Map<string, Map<Outcome, Grams>>> {
  const clause = periodClause('collected_at', period, 1);
  const { rows } = await db.query<{ municipality: string; outcome: string; grams: bigint }>(
    `select municipality, outcome, sum(grams)::bigint as grams from ledger_batch_outcomes
      where true ${clause.sql} group by municipality, outcome`,
    [...clause.params],
  );
  const byMunicipality = new Map<string, Map<Outcome, Grams>>();
  for (const row of rows) {
    const totals = byMunicipality.get(row.municipality) ?? new Map<Outcome, Grams>();
    totals.set(row.outcome, toGrams(row.grams));
    byMunicipality.set(row.municipality, totals);
  }
  return byMunicipality;
}
