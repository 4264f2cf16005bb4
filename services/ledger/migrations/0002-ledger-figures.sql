-- Figures derived from the facts, kept up to date incrementally so that municipality, container and chain-wide
-- queries (traces, KPIs, the UPV report) are a SUM over indexed rows instead of a walk of the graph, and anomalies
-- are a table read. Every row here is a pure function of the facts (computed by the core: src/domain), so any
-- arrival order gives the same rows once the dirty marks are worked off, and a rebuild recomputes them all.

-- Run memberships: each run's inputs and outputs, written with their run fact. The backward walk that finds which
-- batches a new fact can change is one recursive query over them (output -> its run -> the run's inputs). One row
-- per member, not per input-output pair: a sorting run pooling fifty batches into twenty lots is seventy rows.
create table ledger_run_nodes (
  node_id text not null,
  role text not null check (role in ('input', 'output')),
  event_id text not null,
  primary key (node_id, role, event_id)
);
create index ledger_run_nodes_by_run on ledger_run_nodes (event_id, role);

-- The ids some BatchCollected body names (a rival body included), written with the fact: the walk above ends at
-- batches, and this finds them with an index-only lookup instead of reading each node's facts.
create table ledger_collected_nodes (
  node_id text not null,
  event_id text not null,
  primary key (node_id, event_id)
);

-- Nodes whose facts changed since the figures were last computed. The apply transaction marks every node its facts
-- touch, each time with a fresh sequence number; the refresher removes a mark only if its number is unchanged, so
-- a fact that arrives while a refresh runs is never lost from view.
create sequence ledger_dirty_sequence;
create table ledger_dirty_nodes (
  node_id text primary key,
  marked_seq bigint not null
);
-- The refresher takes the oldest marks first; without this it sorts every mark each time.
create index ledger_dirty_nodes_by_seq on ledger_dirty_nodes (marked_seq, node_id);

-- One row per known batch: its origin and grams, for scoping figures by municipality, container, centre and time.
create table ledger_batches (
  batch_id text primary key,
  container_id text not null,
  municipality text not null,
  centre_id text,
  collected_at timestamptz not null,
  grams bigint not null check (grams > 0)
);
create index ledger_batches_by_municipality on ledger_batches (municipality, collected_at);
create index ledger_batches_by_container on ledger_batches (container_id, collected_at);
create index ledger_batches_by_centre on ledger_batches (centre_id, collected_at);
create index ledger_batches_by_time on ledger_batches (collected_at);

-- Each batch's forward trace, rounded per batch (trace-forward.ts): its outcome rows add up to its grams exactly,
-- so any sum of batches does too. Origin columns are copied in so a scoped SUM reads one table.
create table ledger_batch_outcomes (
  batch_id text not null,
  outcome text not null,
  grams bigint not null check (grams > 0),
  municipality text not null,
  container_id text not null,
  centre_id text,
  collected_at timestamptz not null,
  primary key (batch_id, outcome)
);
create index ledger_batch_outcomes_by_municipality on ledger_batch_outcomes (municipality, collected_at);
create index ledger_batch_outcomes_by_container on ledger_batch_outcomes (container_id, collected_at);
create index ledger_batch_outcomes_by_centre on ledger_batch_outcomes (centre_id, collected_at);
create index ledger_batch_outcomes_by_time on ledger_batch_outcomes (collected_at);

-- Where each batch's `stock` outcome is: per node and holder (the holder as the API's JSON).
create table ledger_batch_stock (
  batch_id text not null,
  node_id text not null,
  holder_key text not null,
  holder jsonb not null,
  grams bigint not null check (grams > 0),
  municipality text not null,
  container_id text not null,
  collected_at timestamptz not null,
  primary key (batch_id, node_id, holder_key)
);
create index ledger_batch_stock_by_municipality on ledger_batch_stock (municipality, collected_at);
create index ledger_batch_stock_by_container on ledger_batch_stock (container_id, collected_at);

-- Open anomalies (list-anomalies.ts), filed under the node they concern; refreshed with the node's figures.
create table ledger_anomalies (
  node_id text not null,
  anomaly_key text not null,
  kind text not null,
  holder jsonb,
  grams bigint not null,
  message text not null,
  event_ids text[] not null,
  -- When the ledger first saw this anomaly; kept while it stays open.
  detected_at timestamptz not null default now(),
  primary key (node_id, anomaly_key)
);
create index ledger_anomalies_by_time on ledger_anomalies (detected_at, node_id, anomaly_key);

-- Facts stored before these tables existed: file their run memberships and mark every node, so the first refresh
-- computes all figures.
insert into ledger_run_nodes (node_id, role, event_id)
select member.node_id, member.role, f.event_id
  from ledger_facts f
  cross join lateral (
    select input ->> 'nodeId', 'input' from jsonb_array_elements(f.fact -> 'inputs') as input
    union
    select coalesce(output ->> 'lotId', output ->> 'productId'), 'output' from jsonb_array_elements(f.fact -> 'outputs') as output
  ) as member(node_id, role)
 where f.type in ('SortingRunCompleted', 'ProcessingRunCompleted')
on conflict do nothing;
insert into ledger_collected_nodes (node_id, event_id)
select fact ->> 'batchId', event_id from ledger_facts where type = 'BatchCollected'
union
select fact ->> 'batchId', event_id from ledger_fact_rivals where fact ->> 'type' = 'BatchCollected'
on conflict do nothing;
insert into ledger_dirty_nodes (node_id, marked_seq)
select distinct key, 0 from ledger_fact_keys where key_kind = 'node'
on conflict do nothing;
