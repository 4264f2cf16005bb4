-- The partner feed: every event the ledger applies, once, at a stable and gap-free position, so a subscriber resumes
-- exactly where it stopped (SSE Last-Event-ID). Positions are handed out in the apply transaction from one counter
-- row, so they never skip (a rolled-back apply returns its numbers with its rows). A rebuild replays into fresh
-- tables without appending here and carries this table over at the swap: positions survive it.
create table ledger_feed (
  position bigint primary key check (position > 0),
  event_id text not null unique,
  type text not null,
  occurred_at timestamptz not null,
  -- The nodes the fact touches (its node index keys): what its visibility is derived from.
  node_ids text[] not null,
  -- Who the fact itself names (`store:ST-1`, `municipality:GM0363`, see ledger_fact_parties). Who may see the event
  -- is these and every reader of its nodes (0006-ledger-node-readers.sql), read when the event is: visibility only
  -- grows (a lot reaching a store makes its batch's events the store's too), and a replay shows what it is now.
  parties text[] not null,
  -- When the refresher had worked off the marks of its nodes, so their readers are known. The feed delivers only up
  -- to the first event not settled, in position order: nobody gets an event before its visibility is known.
  settled_at timestamptz,
  appended_at timestamptz not null default now()
);
create index ledger_feed_unsettled on ledger_feed (position) where settled_at is null;

create table ledger_feed_head (
  one boolean primary key default true check (one),
  position bigint not null
);

-- The parties a fact names: the holder it was recorded for, where it sends grams, a batch's municipality. The one
-- definition, used when an event is appended and by the backfill below. A single expression, so PostgreSQL inlines
-- it: the first version (unnest, distinct, sort) cost the apply two thirds of its rate.
create function ledger_fact_parties(fact jsonb) returns text[] language sql immutable parallel safe as $$
  select array_remove(array[
    'municipality:' || (fact ->> 'municipality'),
    'centre:' || (fact ->> 'centreId'),
    'store:' || (fact ->> 'storeId'),
    'processor:' || (fact ->> 'processorId'),
    case when fact -> 'destination' ->> 'kind' in ('centre', 'store', 'processor', 'exporter')
         then (fact -> 'destination' ->> 'kind') || ':' || (fact -> 'destination' ->> 'id') end
  ], null)
$$;

-- Facts stored before the feed existed, in the order they were applied.
with node_lists as (
  select event_id, array_agg(key order by key) as node_ids from ledger_fact_keys where key_kind = 'node' group by event_id
)
insert into ledger_feed (position, event_id, type, occurred_at, node_ids, parties)
select row_number() over (order by f.applied_at, f.topic, f.partition, f.log_offset), f.event_id, f.type,
       f.occurred_at, coalesce(n.node_ids, '{}'), ledger_fact_parties(f.fact)
  from ledger_facts f left join node_lists n using (event_id);
insert into ledger_feed_head (position) select coalesce(max(position), 0) from ledger_feed;
