import type { Queryable } from '@vezel/db';
import { UTC_DAY, UTC_MONTH, utcDateOf } from './whole-utc-units.ts';

/** The fresh per-batch rows of the batches being rewritten, as column arrays. */
export interface FreshSumRows {
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
  readonly fractions: {
    readonly municipality: readonly string[];
    readonly centreId: readonly (string | null)[];
    readonly collectedAt: readonly string[];
    readonly fraction: readonly string[];
    readonly outcome: readonly string[];
    readonly storeId: readonly string[];
    readonly grams: readonly string[];
  };
}

/** What rewriting some batches changes in the day and month sums: rows to add, per key (grams may be negative). */
export interface FigureSumChanges {
  readonly collected: readonly { municipality: string; day: string; centre_id: string; grams: string }[];
  readonly outcomes: readonly {
    municipality: string;
    day: string;
    centre_id: string;
    outcome: string;
    grams: string;
  }[];
  readonly fractionMonths: readonly {
    month: string;
    municipality: string;
    centre_id: string;
    fraction: string;
    outcome: string;
    store_id: string;
    grams: string;
  }[];
}

/**
 * What replacing the stored `ledger_batches`, `ledger_batch_outcomes` and `ledger_batch_fraction_outcomes` rows of
 * `batchIds` with `fresh` changes in the day sums (0010-ledger-figure-days.sql) and the grade month sums
 * (0016-ledger-fraction-outcome-months.sql): the fresh rows less the stored ones, per key. Reads only; call it before
 * the rows are replaced, and {@link addFigureSumChanges} last.
 */
export async function figureSumChangesOf(
  tx: Queryable,
  batchIds: readonly string[],
  fresh: FreshSumRows,
): Promise<FigureSumChanges> {
  const dayOf = (collectedAt: string): string => utcDateOf(UTC_DAY.startAtOrBefore(Date.parse(collectedAt)));
  const monthOf = (collectedAt: string): string => utcDateOf(UTC_MONTH.startAtOrBefore(Date.parse(collectedAt)));
  const batches = summedPerKey(3, fresh.batches.grams, (i) => [
    fresh.batches.municipality[i]!,
    dayOf(fresh.batches.collectedAt[i]!),
    fresh.batches.centreId[i] ?? '',
  ]);
  const { rows: collected } = await tx.query<FigureSumChanges['collected'][number]>(
    `select municipality, day::text as day, centre_id, sum(grams)::text as grams
       from (select municipality, (collected_at at time zone 'UTC')::date as day, coalesce(centre_id, '') as centre_id,
                    -grams as grams
               from ledger_batches where batch_id = any($1::text[])
             union all
             select * from unnest($2::text[], $3::date[], $4::text[], $5::bigint[])) as rows
      group by 1, 2, 3
     having sum(grams) <> 0`,
    [batchIds, ...batches.columns, batches.grams],
  );
  const outcomeRows = summedPerKey(4, fresh.outcomes.grams, (i) => [
    fresh.outcomes.municipality[i]!,
    dayOf(fresh.outcomes.collectedAt[i]!),
    fresh.outcomes.centreId[i] ?? '',
    fresh.outcomes.outcome[i]!,
  ]);
  const { rows: outcomes } = await tx.query<FigureSumChanges['outcomes'][number]>(
    `select municipality, day::text as day, centre_id, outcome, sum(grams)::text as grams
       from (select municipality, (collected_at at time zone 'UTC')::date as day, coalesce(centre_id, '') as centre_id,
                    outcome, -grams as grams
               from ledger_batch_outcomes where batch_id = any($1::text[])
             union all
             select * from unnest($2::text[], $3::date[], $4::text[], $5::text[], $6::bigint[])) as rows
      group by 1, 2, 3, 4
     having sum(grams) <> 0`,
    [batchIds, ...outcomeRows.columns, outcomeRows.grams],
  );
  const fractionRows = summedPerKey(6, fresh.fractions.grams, (i) => [
    monthOf(fresh.fractions.collectedAt[i]!),
    fresh.fractions.municipality[i]!,
    fresh.fractions.centreId[i] ?? '',
    fresh.fractions.fraction[i]!,
    fresh.fractions.outcome[i]!,
    fresh.fractions.storeId[i]!,
  ]);
  const { rows: fractionMonths } = await tx.query<FigureSumChanges['fractionMonths'][number]>(
    `select month::text as month, municipality, centre_id, fraction, outcome, store_id, sum(grams)::text as grams
       from (select date_trunc('month', collected_at at time zone 'UTC')::date as month, municipality,
                    coalesce(centre_id, '') as centre_id, fraction, outcome, store_id, -grams as grams
               from ledger_batch_fraction_outcomes where batch_id = any($1::text[])
             union all
             select * from unnest($2::date[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                  $8::bigint[])) as rows
      group by 1, 2, 3, 4, 5, 6
     having sum(grams) <> 0`,
    [batchIds, ...fractionRows.columns, fractionRows.grams],
  );
  return { collected, outcomes, fractionMonths };
}

/**
 * Fresh per-batch rows (their grams, and the key of `width` parts `keyOf` gives row `index`) summed per key, as
 * column arrays: a refresh's thousand batches make tens of thousands of rows but a few hundred keys, so PostgreSQL
 * parses and groups those instead (passing every row cost as much as writing the rows).
 */
function summedPerKey(
  width: number,
  grams: readonly string[],
  keyOf: (index: number) => readonly string[],
): { readonly columns: string[][]; readonly grams: string[] } {
  const sums = new Map<string, { readonly key: readonly string[]; grams: bigint }>();
  for (let index = 0; index < grams.length; index += 1) {
    const key = keyOf(index);
    const id = JSON.stringify(key);
    const sum = sums.get(id);
    if (sum === undefined) sums.set(id, { key, grams: BigInt(grams[index]!) });
    else sum.grams += BigInt(grams[index]!);
  }
  const columns = Array.from({ length: width }, (_, column) => [...sums.values()].map(({ key }) => key[column]!));
  return { columns, grams: [...sums.values()].map((sum) => sum.grams.toString()) };
}

/**
 * Adds `changes` to the day and month sums, deleting rows that reach zero. Call it last in the refresh transaction: a
 * day row is shared by every batch of its municipality and day (a month row by a month's), so its lock is held from
 * here to the commit, and processes refreshing batches of the same days queue only for that short end. Rows are
 * locked table by table, in key order, so they queue instead of deadlocking.
 */
export async function addFigureSumChanges(tx: Queryable, changes: FigureSumChanges): Promise<void> {
  await addToSums(tx, 'ledger_collected_days', ['municipality', 'day', 'centre_id'], changes.collected);
  await addToSums(tx, 'ledger_outcome_days', ['municipality', 'day', 'centre_id', 'outcome'], changes.outcomes);
  await addToSums(
    tx,
    'ledger_fraction_outcome_months',
    ['month', 'municipality', 'centre_id', 'fraction', 'outcome', 'store_id'],
    changes.fractionMonths,
  );
}

/** Adds `changes` (keyed by `keys`, the table's primary key in its order; grams as text) to `table`, in key order. */
async function addToSums(
  tx: Queryable,
  table: SumTable,
  keys: readonly string[],
  changes: readonly Readonly<Record<string, string>>[],
): Promise<void> {
  if (changes.length === 0) return;
  const rows = [...changes].sort((a, b) => compareKeys(a, b, keys));
  const { rows: written } = await tx.query<Record<string, unknown> & { readonly grams: bigint }>(
    `insert into ${table} as d (${keys.join(', ')}, grams)
     select * from unnest(${keys.map((key, i) => `$${i + 1}::${typeOf(key)}[]`).join(', ')}, $${keys.length + 1}::bigint[])
     on conflict (${keys.join(', ')}) do update set grams = d.grams + excluded.grams
     returning ${keys.map((key) => (typeOf(key) === 'date' ? `${key}::text as ${key}` : key)).join(', ')}, grams`,
    [...keys.map((key) => rows.map((row) => row[key])), rows.map((row) => row['grams'])],
  );
  await deleteEmptied(tx, table, keys, written);
}

type SumTable = 'ledger_collected_days' | 'ledger_outcome_days' | 'ledger_fraction_outcome_months';

/** The SQL type of a sum's key column. */
function typeOf(key: string): 'date' | 'text' {
  return key === 'day' || key === 'month' ? 'date' : 'text';
}

/** Byte order over `keys`: the order every refresh locks sum rows in. */
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

/** Deletes the rows among `written` whose sum reached zero: rows this transaction holds, so no new lock. */
async function deleteEmptied(
  tx: Queryable,
  table: SumTable,
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
