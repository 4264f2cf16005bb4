-- Who may read a node (docs/architecture.md, Security), kept by the refresher with the other per-batch figures so a
-- read checks an index instead of walking the graph. Both tables are pure functions of the facts: any arrival order
-- gives the same rows once the dirty marks are worked off, and a rebuild recomputes them.

-- The parties that hold or held a node or anything made from it (src/domain/node-readers.ts), as reader keys
-- (`store:ST-1`). A property of the node and everything below it, so one row per node and reader.
create table ledger_node_holders (
  node_id text not null,
  reader text not null,
  primary key (node_id, reader)
);

-- Every node each batch's grams reach, with the batch's municipality: a municipality reads what its containers'
-- grams went into. Filed per batch, because a node's municipalities are those of all batches above it and a refresh
-- recomputes only some of them.
create table ledger_node_origins (
  batch_id text not null,
  node_id text not null,
  municipality text not null,
  primary key (batch_id, node_id)
);
create index ledger_node_origins_by_node on ledger_node_origins (node_id, municipality);

-- Facts stored before these tables existed: every batch marked, so the refresher fills their rows.
insert into ledger_dirty_nodes (node_id, marked_seq)
select batch_id, nextval('ledger_dirty_sequence') from ledger_batches
on conflict (node_id) do nothing;
