import type { Queryable } from '@vezel/db';

/*
 * One checksum over the ledger's tables as they stand: every row of every table, in primary-key order, minus the
 * columns that say when or from which log position a row was first written (applied_at, detected_at, the first
 * body's topic/partition/offset): those record the history of consumption, not the ledger. Two ledgers with the
 * same checksum hold the same facts, index, edges, positions, per-batch figures, readers and anomalies, byte for byte,
 * and the same node books as JSON values.
 */
const tables: readonly { readonly name: string; readonly columns: string; readonly orderBy: string }[] = [
  { name: 'ledger_facts', columns: 'event_id, type, occurred_at, fact', orderBy: 'event_id' },
  { name: 'ledger_fact_rivals', columns: 'event_id, body_hash, fact', orderBy: 'event_id, body_hash' },
  { name: 'ledger_fact_keys', columns: 'key_kind, key, event_id', orderBy: 'key_kind, key, event_id' },
  { name: 'ledger_run_nodes', columns: 'node_id, role, event_id', orderBy: 'node_id, role, event_id' },
  { name: 'ledger_collected_nodes', columns: 'node_id, event_id', orderBy: 'node_id, event_id' },
  { name: 'ledger_positions', columns: 'topic, partition, log_offset', orderBy: 'topic, partition' },
  { name: 'ledger_dirty_nodes', columns: 'node_id', orderBy: 'node_id' },
  { name: 'ledger_dirty_batches', columns: 'batch_id', orderBy: 'batch_id' },
  { name: 'ledger_batches', columns: '*', orderBy: 'batch_id' },
  { name: 'ledger_batch_outcomes', columns: '*', orderBy: 'batch_id, outcome' },
  { name: 'ledger_batch_stock', columns: '*', orderBy: 'batch_id, node_id, holder_key' },
  { name: 'ledger_batch_fraction_outcomes', columns: '*', orderBy: 'batch_id, fraction, outcome, store_id' },
  { name: 'ledger_collected_days', columns: '*', orderBy: 'municipality, day, centre_id' },
  { name: 'ledger_outcome_days', columns: '*', orderBy: 'municipality, day, centre_id, outcome' },
  {
    name: 'ledger_fraction_outcome_months',
    columns: '*',
    orderBy: 'month, municipality, centre_id, fraction, outcome, store_id',
  },
  { name: 'ledger_node_holder_sets', columns: 'node_id, readers', orderBy: 'node_id' },
  { name: 'ledger_node_municipalities', columns: '*', orderBy: 'node_id, municipality' },
  // A book's JSON value, not its text: a book carried over from jsonb (0021) keeps jsonb's printing until rewritten.
  { name: 'ledger_node_books', columns: 'node_id, book::jsonb as book', orderBy: 'node_id' },
  {
    name: 'ledger_anomalies',
    columns: 'node_id, anomaly_key, kind, holder, grams, message, event_ids',
    orderBy: 'node_id, anomaly_key',
  },
  {
    name: 'rejected_events',
    columns: 'topic, partition, log_offset, event_id, type, reason, headers, value',
    orderBy: 'topic, partition, log_offset',
  },
];

/** Per table, the md5 of its rows' text in key order, and the row count. */
export async function ledgerTableChecksums(db: Queryable): Promise<Record<string, string>> {
  const checksums: Record<string, string> = {};
  for (const { name, columns, orderBy } of tables) {
    const { rows } = await db.query<{ rows: bigint; checksum: string | null }>(
      `select count(*) as rows, md5(string_agg(t::text, E'\\n' order by ${orderBy})) as checksum
         from (select ${columns} from ${name}) t`,
    );
    checksums[name] = `${rows[0]?.rows ?? 0n} rows ${rows[0]?.checksum ?? '-'}`;
  }
  return checksums;
}
