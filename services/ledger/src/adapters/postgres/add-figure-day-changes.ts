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

/** What rewriting some batches changes in the day sums: rows to add, per key (grams may be negative). */
export interface FigureDayChanges {
  readonly collected: readonly { municipality: string; day: string; centre_id: string; grams: string }[];
  readonly outcomes: readonly {
    municipality: string;
    day: string;
    centre_id: string;
    outcome: string;
    grams: string;
  }[];
}

/**
 * What replacing the stored `ledger_batches` and `ledger_batch_outcomes` rows of `batchIds` with `fresh` changes in
 * the day sums (0010-ledger-figure-days.sql): the fresh rows less the stored ones, per municipality, day, centre
 * (and outcome). Reads only; call it before the rows are replaced, and {@link addFigureDayChanges} last.
 */
export async function figureDayChangesOf(
  tx: Queryable,
  batchIds: readonly string[],
  fresh: FreshDayRows,
): Promise<FigureDayChanges> {
  const { rows: collected } = await tx.query<FigureDayChanges['collected'][number]>(
    `select municipality, (collected_at at time zone 'UTC')::date::text as day, coalesce(centre_id, '') as centre_id,
            sum(grams)::text as grams
       from (select municipality, centre_id, collected_at, -grams as grams
               from ledger_batches where batch_id = any($1::text[])
             union all
             select * from unnest($2::text[], $3::text[], $4::timestamptz[], $5::bigint[])) as rows
      group by 1, 2, 3
     having sum(grams) <> 0`,
    [batchIds, fresh.batches.municipality, fresh.batches.centreId, fresh.batches.collectedAt, fresh.batches.grams],
  );
  const { rows: outcomes } = await tx.query<FigureDayChanges['outcomes'][number]>(
    `select municipality, (collected_at at time zone 'UTC')::date::text as day, coalesce(centre_id, '') as centre_id,
            outcome, sum(grams)::text as grams
       from (select municipality, centre_id, collected_at, outcome, -grams as grams
               from ledger_batch_outcomes where batch_id = any($1::text[])
             union all
             select * from unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::bigint[])) as rows
      group by 1, 2, 3, 4
     having sum(grams) <> 0`,
    [
      batchIds,
      fresh.outcomes.municipality,
      fresh.outcomes.centreId,
      fresh.outcomes.collectedAt,
      fresh.outcomes.outcome,
      fresh.outcomes.grams,
    ],
  );
  return { collected, outcomes };
}

/**
 * Adds `changes` to the day sums, deleting rows that reach zero. Call it last in the refresh transaction: a day row
 * is shared by every batch of its municipality and day, so its lock is held from here to the commit, and processes
 * refreshing batches of the same days queue only for that short end. Rows are locked in key order, so they queue
 * instead of deadlocking.
 */
export async function addFigureDayChanges(tx: Queryable, changes: FigureDayChanges): Promise<void> {
  if (changes.collected.length > 0) {
    const rows = [...changes.collected].sort((a, b) => compareKeys(a, b, ['municipality', 'day', 'centre_id']));
    const { rows: written } = await tx.query<{ municipality: string; day: string; centre_id: string; grams: bigint }>(
      `insert into ledger_collected_days as d (municipality, day, centre_id, grams)
       select * from unnest($1::text[], $2::date[], $3::text[], $4::bigint[])
       on conflict (municipality, day, centre_id) do update set grams = d.grams + excluded.grams
       returning municipality, day::text as day, centre_id, grams`,
      [
        rows.map((row) => row.municipality),
        rows.map((row) => row.day),
        rows.map((row) => row.centre_id),
        rows.map((row) => row.grams),
      ],
    );
    await deleteEmptied(tx, 'ledger_collected_days', ['municipality', 'day', 'centre_id'], written);
  }
  if (changes.outcomes.length > 0) {
    const keys = ['municipality', 'day', 'centre_id', 'outcome'] as const;
    const rows = [...changes.outcomes].sort((a, b) => compareKeys(a, b, keys));
    const { rows: written } = await tx.query<{
      municipality: string;
      day: string;
      centre_id: string;
      outcome: string;
      grams: bigint;
    }>(
      `insert into ledger_outcome_days as d (municipality, day, centre_id, outcome, grams)
       select * from unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::bigint[])
       on conflict (municipality, day, centre_id, outcome) do update set grams = d.grams + excluded.grams
       returning municipality, day::text as day, centre_id, outcome, grams`,
      [...keys.map((key) => rows.map((row) => row[key])), rows.map((row) => row.grams)],
    );
    await deleteEmptied(tx, 'ledger_outcome_days', keys, written);
  }
}

/** Byte order over `keys`: the order every refresh locks day rows in. */
function compareKeys<Row extends Record<string, string>>(a: Row, b: Row, keys: readonly (keyof Row)[]): number {
  for (const key of keys) {
    if (a[key]! < b[key]!) return -1;
    if (a[key]! > b[key]!) return 1;
  }
  return 0;
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
