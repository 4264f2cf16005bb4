import type { Queryable, Db } from '@vezel/db';
import type { LedgerEventBatch } from '../../app/ledger-event-batch.ts';
import { LedgerTablesReplacedError } from '../../app/ledger-tables-replaced-error.ts';
import { indexKeysOf, occurredAtOf, type LedgerFact } from '../../domain/index.ts';
import { dirtyIdsOf } from './dirty-ids-of.ts';
import { factToJson } from './fact-json.ts';
import { readFactsById } from './load-ledger-state.ts';
import { splitIndexKey } from './split-index-key.ts';
import { tablesIdOf } from './tables-id-of.ts';
import { textLines } from './text-lines.ts';

/**
 * Stores one decoded batch in ONE transaction: its facts (deduped on event id), their index rows and run
 * memberships, a dirty mark on every node they touch (the refresher recomputes those nodes' figures), the other
 * bodies of event ids already stored, its rejected events, and the new position of its (topic, partition). Either
 * all of it is there or none of it, so a crash between batches never applies a fact twice nor skips one, and a
 * redelivered batch (the same or an older position) changes nothing.
 *
 * Rows go in as one parameter per column (`unnest`), so a batch costs a fixed number of statements whatever its size:
 * a text of a value per line (text-lines.ts) rather than an array parameter, which the driver escapes element by
 * element, and rather than one JSON document, which PostgreSQL would parse on top of each fact's JSON.
 */
export async function applyEventBatch(
  db: Db,
  batch: LedgerEventBatch,
  options: { readonly feed?: boolean; readonly tables?: string } = {},
): Promise<void> {
  await db.transaction(async (tx) => {
    // The position first: a rebuild's swap locks this table before anything else (swap-schemas.ts), so a batch
    // either holds it before the swap (and the swap waits for the batch to commit) or waits for the swap and then
    // writes to the swapped-in tables, which the check below catches. Taking it later would let a batch holding other
    // tables wait on the swap while the swap waits on those tables.
    await tx.query(
      `insert into ledger_positions (topic, partition, log_offset, last_event_at) values ($1, $2, $3, $4)
       on conflict (topic, partition) do update
         set log_offset = greatest(ledger_positions.log_offset, excluded.log_offset),
             last_event_at = case when excluded.log_offset >= ledger_positions.log_offset
                                  then excluded.last_event_at else ledger_positions.last_event_at end,
             updated_at = now()`,
      [batch.topic, batch.partition, batch.lastOffset, batch.lastEventAt?.toISOString() ?? null],
    );
    if (options.tables !== undefined) {
      const found = await tablesIdOf(tx);
      if (found !== options.tables) throw new LedgerTablesReplacedError(options.tables, found);
    }
    const fresh = batch.facts.length > 0 ? await insertFacts(tx, batch) : [];
    if (batch.rejected.length > 0) await insertRejected(tx, batch);
    // Last, so the feed's one counter row is held for the shortest time: concurrent batches queue only here.
    if (options.feed !== false && fresh.length > 0) await appendToFeed(tx, fresh);
  });
}

/** A fact stored for the first time, with the parties it names as PostgreSQL wrote them (a `text[]` literal). */
interface StoredFact {
  readonly fact: LedgerFact;
  readonly parties: string;
}

/**
 * Gives each newly stored event the next feed positions, in the order the batch holds them (its log order). A
 * rebuild's replay passes `feed: false`: its events have positions already (docs/architecture.md, the feed).
 *
 * The counter row is held from this statement to the commit, so concurrent partition batches queue here: what it
 * does is kept to inserting rows it is handed. Type and time come from the facts, the parties from the facts' insert
 * (ledger_fact_parties over the body it had just stored), and neither ledger_facts nor the feed is read: joining
 * ledger_facts for them, and looking every event up in the feed, made this statement a third of the apply's database
 * time and held the counter twice as long.
 */
async function appendToFeed(tx: Queryable, stored: readonly StoredFact[]): Promise<void> {
  // The nodes each fact touches come from the facts themselves: looking them up in ledger_fact_keys by event id
  // would scan it once per event (its key starts with the node).
  const nodes = stored.flatMap(({ fact }) =>
    indexKeysOf(fact).flatMap((indexKey) => {
      const { key_kind, key } = splitIndexKey(indexKey);
      return key_kind === 'node' ? [[fact.eventId, key] as const] : [];
    }),
  );
  // An event the feed already has keeps its position; only the others are numbered, so the head moves by what is
  // inserted. A fact stored for the first time can be in the feed only if a rebuild's swap carried its event over
  // without it, and every such event waits in ledger_feed_awaiting_facts until its fact is stored (swap-schemas.ts):
  // so that small table, not the whole feed, is what is looked in.
  await tx.query(
    `with fresh as (
       select x.event_id, x.type, x.occurred_at, x.parties, row_number() over (order by x.n) as k
         from unnest(string_to_array($1, E'\n'), string_to_array($2, E'\n'),
                     string_to_array($3, E'\n')::timestamptz[], string_to_array($4, E'\n')) with ordinality
                as x(event_id, type, occurred_at, parties, n)
        where not exists (select 1 from ledger_feed_awaiting_facts a where a.event_id = x.event_id)
     ),
     node_lists as (
       select event_id, array_agg(node_id order by node_id) as node_ids
         from unnest(string_to_array($5, E'\n'), string_to_array($6, E'\n')) as n(event_id, node_id)
        group by event_id
     ),
     head as (
       update ledger_feed_head set position = position + (select count(*) from fresh) returning position
     )
     insert into ledger_feed (position, event_id, type, occurred_at, node_ids, parties)
     select head.position - (select count(*) from fresh) + fresh.k, fresh.event_id, fresh.type, fresh.occurred_at,
            coalesce(node_lists.node_ids, '{}'), fresh.parties::text[]
       from fresh
       left join node_lists using (event_id)
      cross join head`,
    [
      textLines(stored.map(({ fact }) => fact.eventId)),
      textLines(stored.map(({ fact }) => fact.type)),
      textLines(stored.map(({ fact }) => occurredAtOf(fact).toISOString())),
      textLines(stored.map(({ parties }) => parties)),
      textLines(nodes.map(([eventId]) => eventId)),
      textLines(nodes.map(([, nodeId]) => nodeId)),
    ],
  );
}

/**
 * Stores the batch's facts and what they need; answers the facts stored for the first time, in log order, with the
 * parties each names (for the feed).
 */
async function insertFacts(tx: Queryable, batch: LedgerEventBatch): Promise<StoredFact[]> {
  // In event id order, and keys below in key order: batches of different partitions are stored concurrently, and
  // two holding the same event (a duplicate published to two partitions) then take its row locks in the same
  // order instead of deadlocking.
  const facts = [...batch.facts].sort((a, b) => compareText(a.fact.eventId, b.fact.eventId));
  const bodies = facts.map(({ fact }) => factToJson(fact));
  // Only the first body of an event id in the batch (in log order: the sort is stable) is offered for storage; a
  // later one is taken as a rival below, as if it had come in a later batch. So the body stored, the one the feed
  // is appended for and the rival kept do not depend on the order in which PostgreSQL inserts a statement's rows.
  const offered = facts.flatMap((positioned, index) =>
    index > 0 && facts[index - 1]!.fact.eventId === positioned.fact.eventId
      ? []
      : [{ ...positioned, body: bodies[index]! }],
  );
  const { rows: inserted } = await tx.query<{ event_id: string; parties: string }>(
    `insert into ledger_facts (event_id, type, occurred_at, fact, topic, partition, log_offset)
     select x.event_id, x.type, x.occurred_at, body.fact::jsonb, $6, $7, x.log_offset
       from unnest(string_to_array($1, E'\n'), string_to_array($2, E'\n'), string_to_array($3, E'\n')::timestamptz[],
                   string_to_array($5, E'\n')::bigint[]) with ordinality
              as x(event_id, type, occurred_at, log_offset, n)
       join string_to_table($4, E'\n') with ordinality as body(fact, n) using (n)
     on conflict (event_id) do nothing
     returning event_id, ledger_fact_parties(fact)::text as parties`,
    [
      textLines(offered.map(({ fact }) => fact.eventId)),
      textLines(offered.map(({ fact }) => fact.type)),
      textLines(offered.map(({ fact }) => occurredAtOf(fact).toISOString())),
      // One text, a body per line (JSON text has no raw newline): an array of JSON texts would be escaped
      // character by character on the way in.
      offered.map(({ body }) => body).join('\n'),
      textLines(offered.map(({ offset }) => offset.toString())),
      batch.topic,
      batch.partition,
    ],
  );
  // An event id not inserted was stored before (or earlier in this batch): a redelivery, or a rival body.
  const partiesOf = new Map(inserted.map((row) => [row.event_id, row.parties]));
  const fresh = new Set(partiesOf.keys());
  // In log order, each with the body offered (the first of its id).
  const firstStored = new Map<string, StoredFact>();
  for (const { fact } of batch.facts) {
    const parties = partiesOf.get(fact.eventId);
    if (parties !== undefined && !firstStored.has(fact.eventId)) firstStored.set(fact.eventId, { fact, parties });
  }
  const seenBefore = facts.flatMap(({ fact }, index) => {
    if (fresh.delete(fact.eventId)) return [];
    return [{ eventId: fact.eventId, body: bodies[index]! }];
  });
  // What the other bodies of an event with a new rival name: the core may now pick the rival, and a node (or container)
  // only the body it dropped named, such as a batch collected under another id, must lose what that body gave it.
  let rivalled: string[] = [];
  if (seenBefore.length > 0) {
    const { rows } = await tx.query<{ event_id: string }>(
      `insert into ledger_fact_rivals (event_id, body_hash, fact)
       select x.event_id, md5(body.fact::jsonb::text), body.fact::jsonb
         from unnest(string_to_array($1, E'\n')) with ordinality as x(event_id, n)
         join string_to_table($2, E'\n') with ordinality as body(fact, n) using (n)
         join ledger_facts stored on stored.event_id = x.event_id
        where stored.fact <> body.fact::jsonb
       on conflict do nothing
       returning event_id`,
      // Every event of a redelivered batch is here, so its bodies go as the facts' do: one text, a body per line.
      [textLines(seenBefore.map((rival) => rival.eventId)), seenBefore.map((rival) => rival.body).join('\n')],
    );
    const bodies = await readFactsById(
      tx,
      rows.map((row) => row.event_id),
    );
    rivalled = bodies.flatMap((body) => dirtyIdsOf(body));
  }
  // Filed for every fact, redeliveries included: a rival body may name other nodes, and must be found under them.
  const keys = facts
    .flatMap(({ fact }) => indexKeysOf(fact).map((indexKey) => ({ ...splitIndexKey(indexKey), eventId: fact.eventId })))
    .sort(
      (a, b) => compareText(a.key_kind, b.key_kind) || compareText(a.key, b.key) || compareText(a.eventId, b.eventId),
    );
  await tx.query(
    `insert into ledger_fact_keys (key_kind, key, event_id)
     select * from unnest(string_to_array($1, E'\n'), string_to_array($2, E'\n'), string_to_array($3, E'\n'))
     on conflict do nothing`,
    [
      textLines(keys.map((key) => key.key_kind)),
      textLines(keys.map((key) => key.key)),
      textLines(keys.map((key) => key.eventId)),
    ],
  );
  const members = facts.flatMap(({ fact }) => runMembersOf(fact));
  if (members.length > 0) {
    await tx.query(
      `insert into ledger_run_nodes (node_id, role, event_id)
       select * from unnest(string_to_array($1, E'\n'), string_to_array($2, E'\n'), string_to_array($3, E'\n'))
       on conflict do nothing`,
      [
        textLines(members.map((member) => member.nodeId)),
        textLines(members.map((member) => member.role)),
        textLines(members.map((member) => member.eventId)),
      ],
    );
  }
  // Every body, rivals included: the core may pick a rival, and its batch must be found as one.
  const collected = facts.flatMap(({ fact }) =>
    fact.type === 'BatchCollected' ? [[fact.batchId, fact.eventId] as const] : [],
  );
  if (collected.length > 0) {
    await tx.query(
      `insert into ledger_collected_nodes (node_id, event_id)
       select * from unnest(string_to_array($1, E'\n'), string_to_array($2, E'\n'))
       on conflict do nothing`,
      [textLines(collected.map(([nodeId]) => nodeId)), textLines(collected.map(([, eventId]) => eventId))],
    );
  }
  // In byte order (collate "C"), as the refresher locks marks, so two transactions marking overlapping nodes lock
  // them in the same order and cannot deadlock.
  const dirty = [...new Set([...facts.flatMap(({ fact }) => dirtyIdsOf(fact)), ...rivalled])];
  await tx.query(
    `insert into ledger_dirty_nodes (node_id, marked_seq)
     select node_id, nextval('ledger_dirty_sequence')
       from (select node_id from unnest(string_to_array($1, E'\n')) as node_id order by node_id collate "C") as sorted
     on conflict (node_id) do update set marked_seq = excluded.marked_seq`,
    [textLines(dirty)],
  );
  return [...firstStored.values()];
}

interface RunMember {
  readonly nodeId: string;
  readonly role: 'input' | 'output';
  readonly eventId: string;
}

/** A run's inputs and outputs, each once: what the refresher walks to find a node's ancestors. */
function runMembersOf(fact: LedgerFact): RunMember[] {
  if (fact.type !== 'SortingRunCompleted' && fact.type !== 'ProcessingRunCompleted') return [];
  const outputs =
    fact.type === 'SortingRunCompleted' ? fact.outputs.map((o) => o.lotId) : fact.outputs.map((o) => o.productId);
  const inputs = fact.inputs.map((input) => input.nodeId);
  return [
    ...[...new Set(inputs)].map((nodeId) => ({ nodeId, role: 'input' as const, eventId: fact.eventId })),
    ...[...new Set(outputs)].map((nodeId) => ({ nodeId, role: 'output' as const, eventId: fact.eventId })),
  ];
}

async function insertRejected(tx: Queryable, batch: LedgerEventBatch): Promise<void> {
  // A rejected event's headers may hold what PostgreSQL cannot store (U+0000, the very reason some are rejected):
  // its readable columns show U+FFFD there, and `value` keeps the message's bytes as they came.
  const storable = (text: string): string => text.replaceAll('\u0000', '\uFFFD');
  const rows = batch.rejected.map((event) => ({
    log_offset: event.offset.toString(),
    event_id: event.eventId === undefined ? null : storable(event.eventId),
    type: event.type === undefined ? null : storable(event.type),
    reason: storable(event.reason),
    headers: Object.fromEntries(Object.entries(event.headers).map(([name, text]) => [storable(name), storable(text)])),
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

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
