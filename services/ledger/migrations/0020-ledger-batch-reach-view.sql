-- One row per batch and node it reaches, with the batch's municipality and a count of one: the nodes' municipality
-- counts (0019) are the sums of these rows per node and municipality, so the refresh computes their change the way it
-- computes the day sums' change from the per-batch rows (add-figure-sum-changes.ts), instead of by a procedure of its
-- own. The reach is unnested in the select list, as the views of 0018 unnest the outcome and grade arrays.
create view ledger_batch_reach as
select batch_id, unnest(reach) as node_id, municipality, 1::bigint as batches
  from ledger_batches;
