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
  await addToDaySums(tx, 'ledger_collected_days', ['municipality', 'day', 'centre_id'], changes.collected);
  await addToDaySums(tx, 'ledger_outcome_days', ['municipality', 'day', 'centre_id', 'outcome'], changes.outcomes);
}

/** Adds `changes` (keyed by `keys`, grams as text) to the day sums in `table`, in key order. */
async function addToDaySums(
  tx: Queryable,
  table: DaySumTable,
  keys: readonly string[],
  changes: readonly Readonly<Record<string, string>>[],
): Promise<void> {
  if (changes.length === 0) return;
  const rows = [...changes].sort((a, b) => compareKeys(a, b, keys));
  const { rows: written } = await tx.query<Record<string, unknown> & { readonly grams: bigint }>(
    `insert into ${table} as d (${keys.join(', ')}, grams)
     select * from unnest(${keys.map((key, i) => `$${i + 1}::${typeOf(key)}[]`).join(', ')}, $${keys.length + 1}::bigint[])
     on conflict (${keys.join(', ')}) do update set grams = d.grams + excluded.grams
     returning ${keys.map((key) => (key === 'day' ? 'day::text as day' : key)).join(', ')}, grams`,
    [...keys.map((key) => rows.map((row) => row[key])), rows.map((row) => row['grams'])],
  );
  await deleteEmptied(tx, table, keys, written);
}

type DaySumTable = 'ledger_collected_days' | 'ledger_outcome_days';

/** The SQL type of a day sum's key column. */
function typeOf(key: string): 'date' | 'text' {
  return key === 'day' ? 'date' : 'text';
}

/** Byte order over `keys`: the order every refresh locks day rows in. */
function compareKeys(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
  keys: readonly string[],
): number {
  for (const key of keys) {
    if (a[key]! < b[key]!) return -1;
    if (a[key]! > b[key]!) return 1;
  }
  return 0;
}

/** Deletes the day rows among `written` whose sum reached zero: rows this transaction holds, so no new lock. */
async function deleteEmptied(
  tx: Queryable,
  table: DaySumTable,
  keys: readonly string[],
  written: readonly (Record<string, unknown> & { readonly grams: bigint })[],
): Promise<void> {
  const emptied = written.filter((row) => BigInt(row.grams) === 0n);
  if (emptied.length === 0) return;
  await tx.query(
    `delete from ${table} d
      using unnest(${keys.map((key, i) => `$${i + 1}::${typeOf(key)}[]`).join(', ')}) as z(${keys.join(', ')})
      where (${keys.map((key) => `d.${key}`).join(', ')}) = (${keys.map((key) => `z.${key}`).join(', ')})
        and d.grams = 0`,
    keys.map((key) => emptied.map((row) => row[key])),
  );
}
