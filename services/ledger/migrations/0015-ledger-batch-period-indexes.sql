-- Municipality and centre periods read their whole days from the day sums (0010-ledger-figure-days.sql) and only the
-- parts of a day at a period's ends from the per-batch rows (up to a day at each end: all of a period shorter than two
-- days), which the collection-time index finds among every municipality's batches of those hours. These two indexes per table served the whole periods before the day sums,
-- and cost every refresh that rewrites a batch two index entries per row (`ledger_batch_outcomes` writes a fifth of
-- the figures' rows). Containers, which have no day sums, keep theirs.
drop index ledger_batches_by_municipality;
drop index ledger_batches_by_centre;
drop index ledger_batch_outcomes_by_municipality;
drop index ledger_batch_outcomes_by_centre;
