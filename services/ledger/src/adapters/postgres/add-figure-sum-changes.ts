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
  /** One row per batch and node it reaches (itself included), with the batch's municipality. */
  readonly reaches: {
    readonly nodeId: readonly string[];
    readonly municipality: readonly string[];
  };
}

/**
 * What rewriting some batches changes in the day and month sums and the nodes' municipality counts: rows to add, per
 * key (grams and counts may be negative).
 */
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
  readonly nodeMunicipalities: readonly { node_id: string; municipality: string; batches: string }[];
}

/**
 * What replacing the stored `ledger_batches` rows of `batchIds` (with the outcome and grade rows its views
 * `ledger_batch_outcomes` and `ledger_batch_fraction_outcomes` unnest from them, and the nodes each reached) with
 * `fresh` changes in the day sums (0010-ledger-figure-days.sql), the grade month sums
 * (0016-ledger-fraction-outcome-months.sql) and the nodes' municipality counts (0019-ledger-node-municipalities.sql):
 * the fresh rows less the stored ones, per key. Reads only; call it before the rows are replaced, and
 * {@link addFigureSumChanges} last.
 */
export async function figureSumChangesOf(
  tx: Queryable,
  batchIds: readonly string[],
  fresh: FreshSumRows,
): Promise<FigureSumChanges> {
  // A batch's time recurs in each of its outcome and grade rows: each is turned into a date once.
  const dayOf = memoised((collectedAt) => utcDateOf(UTC_DAY.startAtOrBefore(Date.parse(collectedAt))));
  const monthOf = memoised((collectedAt) => utcDateOf(UTC_MONTH.startAtOrBefore(Date.parse(collectedAt))));
  const { batches, outcomes, fractions, reaches } = fresh;
  return {
    // A count of one per reached node, so its sum per node and municipality is the number of batches.
    nodeMunicipalities: await changesOf(
      tx,
      'ledger_batch_reach',
      [
        ['node_id', 'node_id'],
        ['municipality', 'municipality'],
      ],
      batchIds,
      reaches.nodeId.map(() => '1'),
      (i) => [reaches.nodeId[i]!, reaches.municipality[i]!],
      'batches',
    ),
    collected: await changesOf(tx, 'ledger_batches', [MUNICIPALITY, DAY, CENTRE], batchIds, batches.grams, (i) => [
      batches.municipality[i]!,
      dayOf(batches.collectedAt[i]!),
      batches.centreId[i] ?? '',
    ]),
    outcomes: await changesOf(
      tx,
      'ledger_batch_outcomes',
      [MUNICIPALITY, DAY, CENTRE, ['outcome', 'outcome']],
      batchIds,
      outcomes.grams,
      (i) => [
        outcomes.municipality[i]!,
        dayOf(outcomes.collectedAt[i]!),
        outcomes.centreId[i] ?? '',
        outcomes.outcome[i]!,
      ],
    ),
    fractionMonths: await changesOf(
      tx,
      'ledger_batch_fraction_outcomes',
      [MONTH, MUNICIPALITY, CENTRE, ['fraction', 'fraction'], ['outcome', 'outcome'], ['store_id', 'store_id']],
      batchIds,
      fractions.grams,
      (i) => [
        monthOf(fractions.collectedAt[i]!),
        fractions.municipality[i]!,
        fractions.centreId[i] ?? '',
        fractions.fraction[i]!,
        fractions.outcome[i]!,
        fractions.storeId[i]!,
      ],
    ),
  };
}

function memoised(of: (text: string) => string): (text: string) => string {
  const known = new Map<string, string>();
  return (text) => {
    let value = known.get(text);
    if (value === undefined) {
      value = of(text);
      known.set(text, value);
    }
    return value;
  };
}

/** A key column of a sum, and how it is computed from a per-batch row. */
type SumKey = readonly [column: string, perBatchSql: string];

const MUNICIPALITY: SumKey = ['municipality', 'municipality'];
const DAY: SumKey = ['day', `(collected_at at time zone 'UTC')::date`];
const MONTH: SumKey = ['month', `date_trunc('month', collected_at at time zone 'UTC')::date`];
const CENTRE: SumKey = ['centre_id', `coalesce(centre_id, '')`];

/**
 * The change to the sums keyed by `keys`: the fresh rows (their `column`, the key `keyOf` gives row `index`, as `keys`
 * computes it in SQL) less the stored rows of `batchIds` in `perBatchTable`, per key, the zeros left out. The fresh
 * rows are summed per key here first: a refresh's thousand batches make tens of thousands of rows but a few hundred
 * (days) or thousand (months) keys, and passing every row to the grouping statement cost as much as writing them.
 */
async function changesOf<Row>(
  tx: Queryable,
  perBatchTable: 'ledger_batches' | 'ledger_batch_outcomes' | 'ledger_batch_fraction_outcomes' | 'ledger_batch_reach',
  keys: readonly SumKey[],
  batchIds: readonly string[],
  values: readonly string[],
  keyOf: (index: number) => readonly string[],
  column: 'grams' | 'batches' = 'grams',
): Promise<Row[]> {
  const sums = new Map<string, { readonly key: readonly string[]; sum: bigint }>();
  for (let index = 0; index < values.length; index += 1) {
    const key = keyOf(index);
    // No key part holds a NUL: they go into PostgreSQL text, which cannot.
    const id = key.join('\u0000');
    const known = sums.get(id);
    if (known === undefined) sums.set(id, { key, sum: BigInt(values[index]!) });
    else known.sum += BigInt(values[index]!);
  }
  const summed = [...sums.values()];
  const columns = keys.map(([key]) => key);
  const { rows } = await tx.query<Row & object>(
    `select ${columns.map((key) => (typeOf(key) === 'date' ? `${key}::text as ${key}` : key)).join(', ')},
            sum(${column})::text as ${column}
       from (select ${keys.map(([key, sql]) => `${sql} as ${key}`).join(', ')}, -${column} as ${column}
               from ${perBatchTable} where batch_id = any($1::text[])
             union all
             select * from unnest(${columns.map((key, i) => `$${i + 2}::${typeOf(key)}[]`).join(', ')},
                                  $${columns.length + 2}::bigint[])) as rows
      group by ${columns.map((_, i) => i + 1).join(', ')}
     having sum(${column}) <> 0`,
    [
      batchIds,
      ...columns.map((_, index) => summed.map(({ key }) => key[index]!)),
      summed.map(({ sum }) => sum.toString()),
    ],
  );
  return rows;
}

/**
 * Adds `changes` to the day and month sums and to the nodes' municipality counts, deleting rows that reach zero. Call
 * it last in the refresh transaction: a day row is shared by every batch of its municipality and day (a month row by
 * a month's, a node's count by the batches of a municipality that reach it), so its lock is held from here to the
 * commit, and processes refreshing batches of the same days queue only for that short end. Rows are locked table by
 * table, in key order, so they queue instead of deadlocking.
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
  await addToSums(tx, 'ledger_node_municipalities', ['node_id', 'municipality'], changes.nodeMunicipalities, 'batches');
}

/**
 * Adds `changes` (keyed by `keys`, the table's primary key in its order; the sum, `column`, as text) to `table`, in key
 * order. The proposed row of an upsert carries the change itself, which may be negative, so the sum tables have no
 * check on the sum.
 */
async function addToSums(
  tx: Queryable,
  table: SumTable,
  keys: readonly string[],
  changes: readonly Readonly<Record<string, string>>[],
  column: 'grams' | 'batches' = 'grams',
): Promise<void> {
  if (changes.length === 0) return;
  const rows = [...changes].sort((a, b) => compareKeys(a, b, keys));
  const { rows: written } = await tx.query<Record<string, unknown> & { readonly sum: bigint }>(
    `insert into ${table} as d (${keys.join(', ')}, ${column})
     select * from unnest(${keys.map((key, i) => `$${i + 1}::${typeOf(key)}[]`).join(', ')}, $${keys.length + 1}::bigint[])
     on conflict (${keys.join(', ')}) do update set ${column} = d.${column} + excluded.${column}
     returning ${keys.map((key) => (typeOf(key) === 'date' ? `${key}::text as ${key}` : key)).join(', ')},
               ${column}::bigint as sum`,
    [...keys.map((key) => rows.map((row) => row[key])), rows.map((row) => row[column])],
  );
  await deleteEmptied(tx, table, keys, column, written);
}

type SumTable =
  'ledger_collected_days' | 'ledger_outcome_days' | 'ledger_fraction_outcome_months' | 'ledger_node_municipalities';

/** The SQL type of a sum's key column. */
function typeOf(key: string): 'date' | 'text' {
  return key === 'day' || key === 'month' ? 'date' : 'text';
}

/** Code unit order over `keys`: the one order every refresh locks sum rows in. */
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
  column: 'grams' | 'batches',
  written: readonly (Record<string, unknown> & { readonly sum: bigint })[],
): Promise<void> {
  const emptied = written.filter((row) => BigInt(row.sum) === 0n);
  if (emptied.length === 0) return;
  await tx.query(
    `delete from ${table} d
      using unnest(${keys.map((key, i) => `$${i + 1}::${typeOf(key)}[]`).join(', ')}) as z(${keys.join(', ')})
      where (${keys.map((key) => `d.${key}`).join(', ')}) = (${keys.map((key) => `z.${key}`).join(', ')})
        and d.${column} = 0`,
    keys.map((key) => emptied.map((row) => row[key])),
  );
}
