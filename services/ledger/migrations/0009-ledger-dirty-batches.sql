-- The refresher works in steps (docs/adr/0010, amended; ADR 17): a dirty node's mark is first turned into marks on
-- the batches above it, and each marked batch's figures are then recomputed once, however many of the nodes below
-- it were marked. Before, every refresh recomputed the ancestor batches of the marks it took, so a batch whose lots
-- were sold from in many refreshes was recomputed in each of them (eight times on average in a year's catch-up).

-- Batches whose figures are out of date, by the number of their first mark: marking a dirty batch again keeps its
-- number, so a batch below busy lots is not pushed back in the queue forever. A batch is claimed (row lock) while
-- it is recomputed; marking it meanwhile waits for the claim to end, and finds the mark gone and adds a new one.
create table ledger_dirty_batches (
  batch_id text primary key,
  marked_seq bigint not null
);
create index ledger_dirty_batches_by_seq on ledger_dirty_batches (marked_seq, batch_id);

-- `converted_seq`: the mark number a node's mark had when its batches were marked (a fact stored meanwhile renews
-- `marked_seq`, so the node's batches are looked up again). `conversion_seq`: a number drawn after those batch
-- marks were written. Every batch mark there was then has a smaller number, and is removed only by a refresh that
-- claimed it afterwards, so once no batch mark numbered below `conversion_seq` is left, every batch above the node
-- has been recomputed from facts that include the node's: the node mark is done (its anomalies are written then).
alter table ledger_dirty_nodes add column converted_seq bigint;
alter table ledger_dirty_nodes add column conversion_seq bigint;
drop index ledger_dirty_nodes_by_seq;
create index ledger_dirty_nodes_to_convert on ledger_dirty_nodes (marked_seq, node_id)
  where converted_seq is distinct from marked_seq;
create index ledger_dirty_nodes_converted on ledger_dirty_nodes (conversion_seq, node_id)
  where converted_seq = marked_seq;

-- Several ledger processes refresh at once, each the batches it claimed, so per-batch rows have one writer at a
-- time. A node's readers and anomalies are written by every refresh that reaches the node; each refresh draws a
-- number from the sequence after claiming its work and before reading any fact, and writes a node's rows only if no
-- refresh with a larger number has written them. Why the last writer is right: every fact is followed by a refresh
-- that claims a batch its conversion marked, after that conversion committed, and so draws its number after the
-- fact committed; any refresh with a larger number drew it later still and read the fact too. Until that refresh
-- commits, an older computation may briefly stand. One row per node and figure ('readers', 'anomalies'), taken in
-- that order and each in byte order, so two refreshes never hold one another's next row.
create table ledger_node_versions (
  node_id text not null,
  figure text not null,
  computed_seq bigint not null,
  primary key (node_id, figure)
);
