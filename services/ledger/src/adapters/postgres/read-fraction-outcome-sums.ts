import type { Queryable } from '@vezel/db';
import type { CollectionPeriod } from '../../domain/index.ts';
import { UTC_MONTH, wholeUnitSumClauses } from './whole-utc-units.ts';

/** Grams of one municipality's batches that reached one outcome through one grade, per first centre. */
export interface FlowRow {
  readonly municipality: string;
  readonly centre_id: string | null;
  readonly fraction: string;
  readonly outcome: string;
  readonly grams: bigint;
}

/** Grams of one municipality's batches that ended in a store (and which store's municipality) or elsewhere. */
export interface StoreReachRow {
  readonly municipality: string;
  readonly in_store: boolean;
  readonly store_municipality: string | null;
  readonly grams: bigint;
}

/**
 * The grade rows of the batches collected in `period` (every municipality), each key's grams summed: the whole UTC
 * months from the month sums, the rest from the per-batch rows (whole-utc-units.ts), in one statement so one snapshot.
 * `keys` name columns both tables have, with `centre_id` as the month sums hold it ('' for none).
 */
function gradeRowsIn(period: CollectionPeriod, keys: readonly string[]): { sql: string; params: readonly string[] } {
  const { whole: months, ends, params } = wholeUnitSumClauses(period, UTC_MONTH, 'month', 1);
  const columns = keys.join(', ');
  const perBatch = keys.map((key) => (key === 'centre_id' ? `coalesce(centre_id, '') as centre_id` : key)).join(', ');
  return {
    sql: `select ${columns}, grams from ledger_fraction_outcome_months where true ${months.sql}
          union all
          select ${perBatch}, grams from ledger_batch_fraction_outcomes where true ${ends.sql}`,
    params,
  };
}

/** The flow diagram's rows for `period`: grams per municipality, first centre, grade and outcome. */
export async function readFlowRows(db: Queryable, period: CollectionPeriod): Promise<FlowRow[]> {
  const rows = gradeRowsIn(period, ['municipality', 'centre_id', 'fraction', 'outcome']);
  const { rows: flows } = await db.query<FlowRow>(
    `select municipality, nullif(centre_id, '') as centre_id, fraction, outcome, sum(grams)::bigint as grams
       from (${rows.sql}) as grade_rows
      group by municipality, centre_id, fraction, outcome
      order by municipality, nullif(centre_id, '') nulls last, fraction collate "C", outcome collate "C"`,
    rows.params,
  );
  return flows;
}

/** Local-for-local's rows for `period`: grams per municipality, whether they ended in a store, and where it is. */
export async function readStoreReachRows(db: Queryable, period: CollectionPeriod): Promise<StoreReachRow[]> {
  const rows = gradeRowsIn(period, ['municipality', 'store_id']);
  const { rows: reach } = await db.query<StoreReachRow>(
    `select o.municipality, o.store_id <> '' as in_store, p.municipality as store_municipality,
            sum(o.grams)::bigint as grams
       from (${rows.sql}) as o
       left join ledger_store_places p on p.store_id = o.store_id
      group by 1, 2, 3
      order by 1, 2, 3`,
    rows.params,
  );
  return reach;
}
