-- Who holds a node or anything made from it was one row per node and reader (ledger_node_holders, about six a node),
-- and which refresh wrote them one more row per node (ledger_node_versions, figure 'readers'). Every refresh that
-- reaches a node rewrote both: at 1,000,000 generated events, 1.3 million reader rows and half a million version
-- upserts in the figures from nothing, a sixth of the refresher's database time. One row per node now holds the
-- readers, sorted, and the number of the refresh that wrote them, written in one upsert that keeps a newer
-- refresh's row (the rule of 0009-ledger-dirty-batches.sql, unchanged). The version rows of anomalies go too: only
-- the refresh that holds the finishing lock writes anomalies, and it holds the lock from before it draws its number
-- to its commit, so they are written in number order anyway.
create table ledger_node_holder_sets (
  node_id text primary key,
  -- Reader keys (readerKeyOf), distinct, in byte order.
  readers text[] not null,
  computed_seq bigint not null
);

-- No refresher may write readers meanwhile: stop ledger processes of earlier releases before this migration runs.
lock table ledger_node_holders, ledger_node_versions in share mode;

insert into ledger_node_holder_sets (node_id, readers, computed_seq)
select node_id,
       coalesce(
         (select array_agg(h.reader order by h.reader collate "C") from ledger_node_holders h where h.node_id = n.node_id),
         '{}'),
       coalesce(
         (select v.computed_seq from ledger_node_versions v where v.node_id = n.node_id and v.figure = 'readers'), 0)
  from (select node_id from ledger_node_holders
        union
        select node_id from ledger_node_versions where figure = 'readers') as n;

drop table ledger_node_holders;
drop table ledger_node_versions;
