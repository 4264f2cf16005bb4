import type { Queryable, Db } from '@vezel/db';
import type { LedgerEventBatch } from '../../app/ledger-event-batch.ts';
import { indexKeysOf, occurredAtOf } from '../../domain/index.ts';
import { factToJson } from './fact-json.ts';
import { splitIndexKey } from './split-index-key.ts';

/**
 * Stores one decoded batch in ONE transaction: its facts (deduped on event id), their index rows, the other
 * bodies of event ids already stored, its rejected events, and the new position of its (topic, partition). Either
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
      `insert into ledger_positions (topic, partition, log_offset) values ($1, $2, $3)
       on conflict (topic, partition) do update
         set log_offset = greatest(ledger_positions.log_offset, excluded.log_offset), updated_at = now()`,
      [batch.topic, batch.partition, batch.lastOffset],
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
