import type { Queryable } from '@vezel/db';
import { toGrams, type Grams } from '@vezel/grams';
import type { CollectionPeriod, KpiScope, Outcome } from '../../domain/index.ts';
import { daySumClauses } from './figure-days.ts';

/**
 * Grams per outcome of the batches collected in `period` within `scope` (the chain, a municipality, or the
 * batches a centre received): a SUM over the per-batch figures, each of which adds up to its batch exactly, read
 * from their day sums for whole days and from the per-batch rows for the period's ends.
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
  const { days, ends, params: periodParams } = daySumClauses(period, params.length + 1);
  const { rows } = await db.query<{ outcome: string; grams: bigint }>(
    `select outcome, sum(grams)::bigint as grams from (
       select outcome, grams from ledger_outcome_days where ${condition} ${days.sql}
       union all
       select outcome, grams from ledger_batch_outcomes where ${condition} ${ends.sql}
     ) as outcomes
     group by outcome`,
    [...params, ...periodParams],
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
  const { days, ends, params } = daySumClauses(period, 1);
  const { rows } = await db.query<{ municipality: string; outcome: string; grams: bigint }>(
    `select municipality, outcome, sum(grams)::bigint as grams from (
       select municipality, outcome, grams from ledger_outcome_days where true ${days.sql}
       union all
       select municipality, outcome, grams from ledger_batch_outcomes where true ${ends.sql}
     ) as outcomes
     group by municipality, outcome`,
    params,
  );
  const byMunicipality = new Map<string, Map<Outcome, Grams>>();
  for (const row of rows) {
    const totals = byMunicipality.get(row.municipality) ?? new Map<Outcome, Grams>();
    totals.set(row.outcome, toGrams(row.grams));
    byMunicipality.set(row.municipality, totals);
  }
  return byMunicipality;
}
