-- Where the rebuild of the claim's holder stands, as it last reported it: every process of the group answers the
-- rebuild status from here, not only the one rebuilding. The row outlives the claim (it expires at once when its
-- rebuild finishes, keeping the final status), so the last rebuild's outcome stays known; a successful rebuild
-- writes its row into the tables it swapped in.
alter table ledger_rebuild_claim add column status jsonb;
