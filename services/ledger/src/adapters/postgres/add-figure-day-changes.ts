import type { Queryable } from '@vezel/db';

/** The fresh per-batch rows of the batches being rewritten, as column arrays. */
export interface FreshDayRows {
  readonly batches: {
    readonly municipality: readonly string[];
    readonly centreId: readonly (string | null)[];
    readonly collectedAt: readonly string[];
    readonly grams: readonly string[];
  };
  readonly outcomes: {
    readonly municipality: readonly string[];
    readonly centreId: readonly (string | null)[];
    readonly collectedAt: readonly string[];
    readonly outcome: readonly string[];
    readonly grams: readonly string[];
  };
}

/**
 * Adds to the day sums (0010-ledger-figure-days.sql) what replacing the stored `ledger_batches` and
 * `ledger_batch_outcomes` rows of `batchIds` with `fresh` changes: the fresh rows less the stored ones, per
 * municipality, day, centre (and outcome). Call it in the transaction that replaces them, before it does (it reads
 * the stored rows). One statement per table, rows locked in key order, so refreshes in several processes that touch
 * the same day rows wait for each other instead of deadlocking; rows that reach zero are deleted.
 */
export async function addFigureDayChanges(
  tx: Queryable,
  batchIds: readonly string[],
  fresh: FreshDayRows,
): Promise<void> {
  const { rows: collected } = await tx.query<{ municipality: string; day: string; centre_id: string; grams: bigint }>(
    `with change as (
       select municipality, (collected_at at time zone 'UTC')::date as day, coalesce(centre_id, '') as centre_id,
              sum(grams)::bigint as grams
         from (select municipality, centre_id, collected_at, -grams as grams
                 from ledger_batches where batch_id = any($1::text[])
               union all
               select * from unnest($2::text[], $3::text[], $4::timestamptz[], $5::bigint[])) as rows
        group by 1, 2, 3
       having sum(grams) <> 0
        order by 1, 2, 3
     )
     insert into ledger_collected_days as d (municipality, day, centre_id, grams)
     select municipality, day, centre_id, grams from change
     on conflict (municipality, day, centre_id) do update set grams = d.grams + excluded.grams
     returning municipality, day::text as day, centre_id, grams`,
    [batchIds, fresh.batches.municipality, fresh.batches.centreId, fresh.batches.collectedAt, fresh.batches.grams],
  );
  const { rows: outcomes } = await tx.query<{
    municipality: string;
    day: string;
    centre_id: string;
    outcome: string;
    grams: bigint;
  }>(
    `with change as (
       select municipality, (collected_at at time zone 'UTC')::date as day, coalesce(centre_id, '') as centre_id,
              outcome, sum(grams)::bigint as grams
         from (select municipality, centre_id, collected_at, outcome, -grams as grams
                 from ledger_batch_outcomes where batch_id = any($1::text[])
               union all
               select * from unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::bigint[])) as rows
        group by 1, 2, 3, 4
       having sum(grams) <> 0
        order by 1, 2, 3, 4
     )
     insert into ledger_outcome_days as d (municipality, day, centre_id, outcome, grams)
     select municipality, day, centre_id, outcome, grams from change
     on conflict (municipality, day, centre_id, outcome) do update set grams = d.grams + excluded.grams
     returning municipality, day::text as day, centre_id, outcome, grams`,
    [
      batchIds,
      fresh.outcomes.municipality,
      fresh.outcomes.centreId,
      fresh.outcomes.collectedAt,
      fresh.outcomes.outcome,
      fresh.outcomes.grams,
    ],
  );
  await deleteEmptied(tx, 'ledger_collected_days', ['municipality', 'day', 'centre_id'], collected);
  await deleteEmptied(tx, 'ledger_outcome_days', ['municipality', 'day', 'centre_id', 'outcome'], outcomes);
}

/** Deletes the day rows among `written` whose sum reached zero: rows this transaction holds, so no new lock. */
async function deleteEmptied(
  tx: Queryable,
  table: 'ledger_collected_days' | 'ledger_outcome_days',
  keys: readonly string[],
  written: readonly (Record<string, unknown> & { readonly grams: bigint })[],
): Promise<void> {
  const emptied = written.filter((row) => BigInt(row.grams) === 0n);
  if (emptied.length === 0) return;
  const types = keys.map((key) => (key === 'day' ? 'date' : 'text'));
  await tx.query(
    `delete from ${table} d
      using unnest(${keys.map((_, i) => `$${i + 1}::${types[i]}[]`).join(', ')}) as z(${keys.join(', ')})
      where (${keys.map((key) => `d.${key}`).join(', ')}) = (${keys.map((key) => `z.${key}`).join(', ')})
        and d.grams = 0`,
    keys.map((key) => emptied.map((row) => row[key])),
  );
}
