import { sqlStateOf, type Db } from '@vezel/db';

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/** In the order a copy satisfies their foreign keys. */
const WEBHOOK_STATE_TABLES = ['ledger_webhooks', 'ledger_webhook_deliveries', 'ledger_epcis_queries'];

/**
 * Puts the rebuilt tables in place of the live ones in ONE transaction: the partner feed is carried over (its
 * positions are what subscribers resume from, and the replay did not append to it), so are the webhooks' settings
 * and delivery state, the live schema is renamed away, the rebuilt one takes its name, and the old one is dropped.
 * Connections find tables through the schema's name (search_path), so the next statement of every connection reads
 * the rebuilt tables. Call it with this process's live consumer stopped; other processes' consumers are held off by
 * the positions lock below and then resume from the rebuilt tables' positions (ledger-consumer.ts).
 */
export async function swapSchemas(db: Db, live: string, rebuilt: string): Promise<void> {
  // The drop at the end locks every live table, one after another, while other processes' transactions (a refresh,
  // a scoped trace) may hold some and wait for others: PostgreSQL then aborts one side of the deadlock, often this
  // one. Nothing of the swap is done until it commits, so it is simply tried again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await swapOnce(db, live, rebuilt);
      return;
    } catch (error) {
      const state = sqlStateOf(error);
      if (attempt >= SWAP_ATTEMPTS || (state !== DEADLOCK_DETECTED && state !== LOCK_NOT_AVAILABLE)) throw error;
    }
  }
}

const SWAP_ATTEMPTS = 5;
const DEADLOCK_DETECTED = '40P01';
const LOCK_NOT_AVAILABLE = '55P03';

async function swapOnce(db: Db, live: string, rebuilt: string): Promise<void> {
  const retired = `${live}_retired`;
  await db.transaction(async (tx) => {
    // Every apply of the group waits while this holds the positions: bounded, then tried again.
    await tx.query(`set local lock_timeout = '30s'`);
    // Other processes' consumers keep applying batches to the live tables. Every batch writes its position first
    // (apply-event-batch.ts), so this lock waits for the batches in flight and holds back the next ones, which then
    // find the rebuilt tables, see that they are not those they started on, roll back and resume from the rebuilt
    // tables' positions, applying again what the live tables got after the replay stopped.
    await tx.query(`lock table ${quote(live)}.ledger_positions in exclusive mode`);
    // The head too, though the lock above keeps batches out: the feed copied is then the whole feed.
    await tx.query(`select position from ${quote(live)}.ledger_feed_head for update`);
    await tx.query(`insert into ${quote(rebuilt)}.ledger_feed select * from ${quote(live)}.ledger_feed`);
    await tx.query(
      `update ${quote(rebuilt)}.ledger_feed_head set position = (select position from ${quote(live)}.ledger_feed_head)`,
    );
    // The events the live tables got after the replay stopped: the rebuilt tables get their facts only once the
    // consumers resume there, and until then they wait (refresh-derived-figures.ts, settleFeed). What was settled
    // stays settled, up to the first of them. The live position is locked so a refresh cannot move it meanwhile.
    await tx.query(
      `insert into ${quote(rebuilt)}.ledger_feed_awaiting_facts (position, event_id)
       select f.position, f.event_id from ${quote(rebuilt)}.ledger_feed f
        where not exists (select 1 from ${quote(rebuilt)}.ledger_facts stored where stored.event_id = f.event_id)`,
    );
    await tx.query(
      `update ${quote(rebuilt)}.ledger_feed_settled
          set position = least(
            (select position from ${quote(live)}.ledger_feed_settled for update),
            (select coalesce(min(position) - 1, 9223372036854775807) from ${quote(rebuilt)}.ledger_feed_awaiting_facts))`,
    );
    // Events the replay applied that the live ledger had not yet (it read past the live positions): they join the
    // feed after everything it had, in the order they were applied; the refresher settles them as usual.
    await tx.query(
      `with missing as (
         select f.*, row_number() over (order by f.applied_at, f.topic, f.partition, f.log_offset) as k
           from ${quote(rebuilt)}.ledger_facts f
          where not exists (select 1 from ${quote(rebuilt)}.ledger_feed e where e.event_id = f.event_id)
       ),
       node_lists as (
         select k.event_id, array_agg(k.key order by k.key) as node_ids
           from ${quote(rebuilt)}.ledger_fact_keys k join missing using (event_id)
          where k.key_kind = 'node'
          group by k.event_id
       ),
       head as (
         update ${quote(rebuilt)}.ledger_feed_head set position = position + (select count(*) from missing)
         returning position
       )
       insert into ${quote(rebuilt)}.ledger_feed (position, event_id, type, occurred_at, node_ids, parties)
       select head.position - (select count(*) from missing) + missing.k, missing.event_id, missing.type,
              missing.occurred_at, coalesce(node_lists.node_ids, '{}'),
              ${quote(rebuilt)}.ledger_fact_parties(missing.fact)
         from missing left join node_lists using (event_id) cross join head`,
    );
    // Webhooks, their deliveries and the EPCIS queries are partners' settings and delivery state, not projection:
    // carried over as they are, with the dispatcher of every process held off them until the swap commits.
    for (const table of WEBHOOK_STATE_TABLES) {
      await tx.query(`lock table ${quote(live)}.${table} in exclusive mode`);
      await tx.query(`insert into ${quote(rebuilt)}.${table} select * from ${quote(live)}.${table}`);
    }
    await tx.query(`drop schema if exists ${quote(retired)} cascade`);
    await tx.query(`alter schema ${quote(live)} rename to ${quote(retired)}`);
    await tx.query(`alter schema ${quote(rebuilt)} rename to ${quote(live)}`);
    await tx.query(`drop schema ${quote(retired)} cascade`);
  });
}

/**
 * Copies the operator-loaded reference data (emission factor tables, market figures, store places) from the live schema into
 * the rebuild's: it does not come from the log, so a replay alone would lose it.
 */
export async function copyReferenceData(db: Db, from: string, to: string): Promise<void> {
  await db.transaction(async (tx) => {
    for (const table of [
      'ledger_emission_factor_tables',
      'ledger_emission_factors',
      'ledger_market_figures',
      'ledger_store_places',
    ]) {
      await tx.query(`insert into ${quote(to)}.${table} select * from ${quote(from)}.${table} on conflict do nothing`);
    }
  });
}
