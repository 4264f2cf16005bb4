import type { Queryable } from '@vezel/db';

/** The ledger tables whose plans depend on their size: every lookup by key must stay an index lookup. */
const LEDGER_TABLES = [
  'ledger_facts',
  'ledger_fact_keys',
  'ledger_fact_rivals',
  'ledger_run_nodes',
  'ledger_collected_nodes',
  'ledger_dirty_nodes',
  'ledger_dirty_batches',
  'ledger_batches',
  'ledger_batch_stock',
  'ledger_collected_days',
  'ledger_outcome_days',
  'ledger_node_holder_sets',
  'ledger_node_municipalities',
  'ledger_anomalies',
];

/**
 * Refreshes the planner statistics of the ledger's tables that changed by more than a fifth (and at least a
 * thousand rows) since they were last analysed, in the current schema; returns the tables analysed.
 *
 * Why not leave it to autovacuum: while the ledger catches up (a first start, a rebuild) its tables grow tenfold
 * within a minute, faster than autovacuum looks, and with the estimates of an empty table the planner turns the
 * refresher's key lookups into scans of every node key: a refresh chunk went from a few milliseconds to 200 ms.
 */
export async function analyzeGrownTables(db: Queryable): Promise<readonly string[]> {
  const { rows } = await db.query<{ relname: string }>(
    `select relname from pg_stat_user_tables
      where schemaname = current_schema() and relname = any($1::text[])
        and n_mod_since_analyze > greatest(1000, n_live_tup / 5)
      order by relname`,
    [LEDGER_TABLES],
  );
  const tables = rows.map((row) => row.relname);
  // Names come from the fixed list above, never from input.
  if (tables.length > 0) await db.query(`analyze ${tables.join(', ')}`);
  return tables;
}

/**
 * analyzeGrownTables at most once per `everyMs`: the check itself is a catalogue read, cheap but not free, and
 * statistics a few seconds old are fine.
 */
export function analyzeGrownTablesEvery(db: Queryable, everyMs: number): () => Promise<void> {
  let lastCheckAt = Number.NEGATIVE_INFINITY;
  return async () => {
    if (performance.now() - lastCheckAt < everyMs) return;
    lastCheckAt = performance.now();
    await analyzeGrownTables(db);
  };
}
