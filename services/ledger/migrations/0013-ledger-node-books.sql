-- Each node's books as the figure refresh needs them (creation, sinks, balances, own readers, first centre receipt,
-- the anomalies its own facts tell: see node-book.ts), written when the refresh looks up the batches above the node's
-- mark. Recomputing a batch reads these instead of every fact of its forward graph, and node traces read them too.
-- A book is used only while its node has no mark waiting to be looked up (`converted_seq is distinct from
-- marked_seq`): then it was written from every fact the node has. A node stored before this table existed has no
-- book and is read from its facts, as before, until its next fact (or a rebuild) writes one: marking every node here
-- would hold up the feed until every batch had been recomputed once.
create table ledger_node_books (
  node_id text primary key,
  book jsonb not null
);
