-- Each batch's outcome figures split by the sorting grade (lot fraction) its grams went through first ('' for
-- grams that were not sorted) and, for grams sold or donated in a store, by the store ('' otherwise): the fraction
-- column of the dashboard's flow diagram (GET /v1/ledger/flows) and local-for-local. Per batch and outcome the rows
-- add up to exactly its ledger_batch_outcomes row (src/domain/fraction-outcomes.ts).
create table ledger_batch_fraction_outcomes (
  batch_id text not null,
  fraction text not null,
  outcome text not null,
  store_id text not null,
  grams bigint not null check (grams > 0),
  municipality text not null,
  centre_id text,
  collected_at timestamptz not null,
  primary key (batch_id, fraction, outcome, store_id)
);
create index ledger_batch_fraction_outcomes_by_time on ledger_batch_fraction_outcomes (collected_at);

-- Batches whose figures were computed before this table existed: marked, so the refresher fills their rows.
insert into ledger_dirty_nodes (node_id, marked_seq)
select batch_id, nextval('ledger_dirty_sequence') from ledger_batches
on conflict (node_id) do nothing;

-- Where stores are (reference data: no retail event says): local-for-local counts the grams reused in a store of the
-- municipality they were collected in.
create table ledger_store_places (
  store_id text primary key,
  municipality text not null
);
