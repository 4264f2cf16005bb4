import type { Queryable } from '@vezel/db';
import type { FlowRow, StoreReachRow } from '../../src/adapters/postgres/read-fraction-outcome-sums.ts';
import type { CollectionPeriod } from '../../src/domain/index.ts';

/*
 * The flows' and local-for-local's rows as the per-batch grade rows alone give them, for tests that check the month
 * sums answer the same: what the queries read before the month sums existed.
 */

/** Grams per municipality, first centre, grade and outcome of the batches collected in `period`. */
export async function flowRowsPerBatch(db: Queryable, period: CollectionPeriod): Promise<FlowRow[]> {
  const { rows } = await db.query<FlowRow>(
    `select municipality, centre_id, fraction, outcome, sum(grams)::bigint as grams
       from ledger_batch_fraction_outcomes
      where ($1::timestamptz is null or collected_at >= $1) and ($2::timestamptz is null or collected_at < $2)
      group by municipality, centre_id, fraction, outcome
      order by municipality, centre_id nulls last, fraction collate "C", outcome collate "C"`,
    [period.from?.toISOString() ?? null, period.to?.toISOString() ?? null],
  );
  return rows;
}

/** Grams per municipality and store municipality (none: not in a store) of the batches collected in `period`. */
export async function storeReachRowsPerBatch(db: Queryable, period: CollectionPeriod): Promise<StoreReachRow[]> {
  const { rows } = await db.query<StoreReachRow>(
    `select o.municipality, o.store_id <> '' as in_store, p.municipality as store_municipality,
            sum(o.grams)::bigint as grams
       from ledger_batch_fraction_outcomes o
       left join ledger_store_places p on p.store_id = o.store_id
      where ($1::timestamptz is null or o.collected_at >= $1) and ($2::timestamptz is null or o.collected_at < $2)
      group by 1, 2, 3
      order by 1, 2, 3`,
    [period.from?.toISOString() ?? null, period.to?.toISOString() ?? null],
  );
  return rows;
}
