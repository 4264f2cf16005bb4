-- The refresher works in two steps (docs/adr/0010, amended): a dirty node's mark is first turned into marks on the
-- batches above it, and each marked batch's figures are then recomputed once, however many of the nodes below it
-- were marked. Before, every refresh recomputed the ancestor batches of the marks it took, so a batch whose lots
-- were sold from in many refreshes was recomputed in each of them (eight times on average in a year's catch-up).

-- Batches whose figures are out of date. Sequence numbers as for node marks: a batch marked again while its
-- refresh runs keeps its mark.
create table ledger_dirty_batches (
  batch_id text primary key,
  marked_seq bigint not null
);
create index ledger_dirty_batches_by_seq on ledger_dirty_batches (marked_seq, batch_id);

-- The mark number a node's mark had when its batches were marked. A node mark is done, and removed, once its
-- batches are no longer dirty and its anomalies are written; a fact stored meanwhile renews `marked_seq`, so the
-- node's batches are looked up again.
alter table ledger_dirty_nodes add column converted_seq bigint;
drop index ledger_dirty_nodes_by_seq;
create index ledger_dirty_nodes_to_convert on ledger_dirty_nodes (marked_seq, node_id)
  where converted_seq is distinct from marked_seq;
create index ledger_dirty_nodes_converted on ledger_dirty_nodes (marked_seq, node_id)
  where converted_seq = marked_seq;

-- Several ledger processes refresh at once, each the batches it claimed (`for update skip locked`), so per-batch
-- rows have one writer at a time. A node's readers and anomalies are written by every refresh that reaches the
-- node; each refresh draws a number from the sequence after claiming its work and before reading any fact, and
-- writes a node's rows only if no refresh with a larger number has written them: the refresh with the largest
-- number started reading after every fact the others saw, so an older computation committed late cannot
-- overwrite a newer one.
-- One row per node and figure ('readers', 'anomalies'), not one per node: a refresh locks the readers' rows, then
-- the anomalies', each in byte order, so two refreshes never hold one another's next row.
create table ledger_node_versions (
  node_id text not null,
  figure text not null,
  computed_seq bigint not null,
  primary key (node_id, figure)
);
