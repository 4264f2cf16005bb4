-- Which municipalities' grams reach a node (who may read it as a municipality, ADR 13) was one row per batch and node
-- it reaches (ledger_node_origins, 0006): two million rows with two indexes at 1,000,000 generated events, the largest
-- table the refresh writes from nothing. A node's municipalities are what reads need, and half as many: one row per
-- node and municipality now, with the number of that municipality's batches that reach the node. The refresh keeps
-- the counts as it keeps the day sums: each batch row records the nodes it reached when last refreshed (`reach`, in
-- byte order), the refresh adds the difference between that and the fresh reach as the last statements of its
-- transaction, in key order, and deletes counts that reach zero, so the table is a function of the batches' reach.
alter table ledger_batches add column reach text[] not null default '{}';

create table ledger_node_municipalities (
  node_id text not null,
  municipality text not null,
  -- No check on the count: an upsert's proposed row carries the change itself, which may be negative.
  batches integer not null,
  primary key (node_id, municipality)
);

-- The fill and the rows it reads must agree: stop ledger processes of earlier releases before this migration runs
-- (they would write the table it drops).
lock table ledger_batches, ledger_node_origins in share row exclusive mode;

update ledger_batches b
   set reach = o.reach
  from (select batch_id, array_agg(node_id order by node_id collate "C") as reach
          from ledger_node_origins group by batch_id) as o
 where o.batch_id = b.batch_id;

-- Counted from the reach just stored and the batch rows' municipality, which are what later refreshes subtract.
insert into ledger_node_municipalities (node_id, municipality, batches)
select node_id, municipality, count(*)
  from ledger_batches b cross join lateral unnest(b.reach) as node_id
 group by node_id, municipality;

drop table ledger_node_origins;
