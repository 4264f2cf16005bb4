import type { Queryable, Db } from '@vezel/db';
import type { LedgerEventBatch } from '../../app/ledger-event-batch.ts';
import { indexKeysOf, occurredAtOf, type LedgerFact } from '../../domain/index.ts';
import { dirtyIdsOf } from './dirty-ids-of.ts';
import { factToJson } from './fact-json.ts';
import { splitIndexKey } from './split-index-key.ts';

/**
 * Stores one decoded batch in ONE transaction: its facts (deduped on event id), their index rows and run edges,
 * a dirty mark on every node they touch (the refresher recomputes those nodes' figures), the other bodies of event
 * ids already stored, its rejected events, and the new position of its (topic, partition). Either
 * all of it is there or none of it, so a crash between batches never applies a fact twice nor skips one, and a
 * redelivered batch (the same or an older position) changes nothing.
 *
 * Rows go in as one JSON parameter per table (`jsonb_to_recordset`), so a batch costs a fixed number of
 * statements whatever its size.
 */
export async function applyEventBatch(db: Db, batch: LedgerEventBatch): Promise<void> {
  await db.transaction(async (tx) => {
    if (batch.facts.length > 0) await insertFacts(tx, batch);
    if (batch.rejected.length > 0) await insertRejected(tx, batch);
    await tx.query(
      `insert into ledger_positions (topic, partition, log_offset, last_event_at) values ($1, $2, $3, $4)
       on conflict (topic, partition) do update
         set log_offset = greatest(ledger_positions.log_offset, excluded.log_offset),
             last_event_at = case when excluded.log_offset >= ledger_positions.log_offset
                                  then excluded.last_event_at else ledger_positions.last_event_at end,
             updated_at = now()`,
      [batch.topic, batch.partition, batch.lastOffset, batch.lastEventAt?.toISOString() ?? null],
    );
  });
}

async function insertFacts(tx: Queryable, batch: LedgerEventBatch): Promise<void> {
  const facts = batch.facts.map(({ fact, offset }) => ({
    event_id: fact.eventId,
    type: fact.type,
    occurred_at: occurredAtOf(fact).toISOString(),
    // Embedded as text and cast in SQL: one jsonb parameter cannot carry another jsonb value unparsed.
    fact: factToJson(fact),
    log_offset: offset.toString(),
  }));
  await tx.query(
    `insert into ledger_facts (event_id, type, occurred_at, fact, topic, partition, log_offset)
     select event_id, type, occurred_at, fact::jsonb, $2, $3, log_offset
       from jsonb_to_recordset($1::jsonb) as x(event_id text, type text, occurred_at timestamptz, fact text, log_offset bigint)
     on conflict (event_id) do nothing`,
    [JSON.stringify(facts), batch.topic, batch.partition],
  );
  // After the insert, so a second body arriving in the same batch as the first is caught too.
  await tx.query(
    `insert into ledger_fact_rivals (event_id, body_hash, fact)
     select x.event_id, md5(x.fact::jsonb::text), x.fact::jsonb
       from jsonb_to_recordset($1::jsonb) as x(event_id text, fact text)
       join ledger_facts stored on stored.event_id = x.event_id
      where stored.fact <> x.fact::jsonb
     on conflict do nothing`,
    [JSON.stringify(facts.map(({ event_id, fact }) => ({ event_id, fact })))],
  );
  const keys = batch.facts.flatMap(({ fact }) =>
    indexKeysOf(fact).map((indexKey) => ({ ...splitIndexKey(indexKey), event_id: fact.eventId })),
  );
  await tx.query(
    `insert into ledger_fact_keys (key_kind, key, event_id)
     select key_kind, key, event_id from jsonb_to_recordset($1::jsonb) as x(key_kind text, key text, event_id text)
     on conflict do nothing`,
    [JSON.stringify(keys)],
  );
  const edges = batch.facts.flatMap(({ fact }) => runEdgesOf(fact));
  if (edges.length > 0) {
    await tx.query(
      `insert into ledger_run_edges (output_node, input_node, event_id)
       select output_node, input_node, event_id
         from jsonb_to_recordset($1::jsonb) as x(output_node text, input_node text, event_id text)
       on conflict do nothing`,
      [JSON.stringify(edges)],
    );
  }
  // Sorted, so two transactions marking overlapping nodes lock them in the same order and cannot deadlock.
  const dirty = [...new Set(batch.facts.flatMap(({ fact }) => dirtyIdsOf(fact)))].sort();
  await tx.query(
    `insert into ledger_dirty_nodes (node_id, marked_seq)
     select node_id, nextval('ledger_dirty_sequence') from unnest($1::text[]) as node_id
     on conflict (node_id) do update set marked_seq = excluded.marked_seq`,
    [dirty],
  );
}

function runEdgesOf(fact: LedgerFact): { output_node: string; input_node: string; event_id: string }[] {
  if (fact.type !== 'SortingRunCompleted' && fact.type !== 'ProcessingRunCompleted') return [];
  const outputs = fact.type === 'SortingRunCompleted' ? fact.outputs.map((o) => o.lotId) : fact.outputs.map((o) => o.productId);
  const inputs = fact.inputs.map((input) => input.nodeId);
  return [...new Set(outputs)].flatMap((output) =>
    [...new Set(inputs)].map((input) => ({ output_node: output, input_node: input, event_id: fact.eventId })),
  );
}

async function insertRejected(tx: Queryable, batch: LedgerEventBatch): Promise<void> {
  const rows = batch.rejected.map((event) => ({
    log_offset: event.offset.toString(),
    event_id: event.eventId ?? null,
    type: event.type ?? null,
    reason: event.reason,
    headers: event.headers,
    value: Buffer.from(event.value).toString('hex'),
  }));
  await tx.query(
    `insert into rejected_events (topic, partition, log_offset, event_id, type, reason, headers, value)
     select $2, $3, log_offset, event_id, type, reason, headers, decode(value, 'hex')
       from jsonb_to_recordset($1::jsonb)
         as x(log_offset bigint, event_id text, type text, reason text, headers jsonb, value text)
     on conflict do nothing`,
    [JSON.stringify(rows), batch.topic, batch.partition],
  );
}
