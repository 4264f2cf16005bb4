-- Each node's books as the figure refresh needs them below a batch (creation, sinks, balances, own readers: see
-- node-book.ts), written when the refresh looks up the batches above the node's mark. Recomputing a batch walks
-- these instead of every fact of its forward graph. A book is used only while its node has no mark waiting to be
-- looked up (`converted_seq is distinct from marked_seq`): then it was written from every fact the node has.
create table ledger_node_books (
  node_id text primary key,
  book jsonb not null
);

-- Nodes stored before books existed get theirs, and their batches' figures recomputed once, by the refresher.
insert into ledger_dirty_nodes (node_id, marked_seq)
select key, nextval('ledger_dirty_sequence')
  from (select key from ledger_fact_keys where key_kind = 'node' group by key order by key collate "C") as nodes
on conflict (node_id) do update set marked_seq = excluded.marked_seq;
