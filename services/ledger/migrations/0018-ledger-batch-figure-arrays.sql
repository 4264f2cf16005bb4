-- A batch's outcome figures and grade rows were rows of their own, about seven and sixteen a batch (0002, 0005):
-- at 1,000,000 generated events the figures from nothing wrote three million of them, each with its primary-key and
-- time index entries, where the batch rows they belong to are 131,000. They are now arrays in the batch's own row,
-- written in the same statement as the rest of it; reads go through views of the old names, which unnest them, so
-- every query (period ends by collection time, a container's batches, the sums' maintenance by batch id) reads them as
-- before through the batch row's indexes. Inserting the grade rows of that ledger took 7.8 s as rows and 0.85 s as
-- arrays (490 MB against 136 MB). A batch's arrays are kept in byte order of their keys (outcome; fraction, outcome,
-- store), so equal figures are equal rows.
alter table ledger_batches
  add column outcomes text[] not null default '{}',
  add column outcome_grams bigint[] not null default '{}',
  add column grade_fractions text[] not null default '{}',
  add column grade_outcomes text[] not null default '{}',
  add column grade_stores text[] not null default '{}',
  add column grade_grams bigint[] not null default '{}';

-- The fill and the rows it reads must agree: stop ledger processes of earlier releases before this migration runs
-- (they would write the tables it drops).
lock table ledger_batches, ledger_batch_outcomes, ledger_batch_fraction_outcomes in share row exclusive mode;

update ledger_batches b
   set outcomes = o.outcomes, outcome_grams = o.grams
  from (select batch_id,
               array_agg(outcome order by outcome collate "C") as outcomes,
               array_agg(grams order by outcome collate "C") as grams
          from ledger_batch_outcomes group by batch_id) as o
 where o.batch_id = b.batch_id;

update ledger_batches b
   set grade_fractions = g.fractions, grade_outcomes = g.outcomes, grade_stores = g.stores, grade_grams = g.grams
  from (select batch_id,
               array_agg(fraction order by fraction collate "C", outcome collate "C", store_id collate "C") as fractions,
               array_agg(outcome order by fraction collate "C", outcome collate "C", store_id collate "C") as outcomes,
               array_agg(store_id order by fraction collate "C", outcome collate "C", store_id collate "C") as stores,
               array_agg(grams order by fraction collate "C", outcome collate "C", store_id collate "C") as grams
          from ledger_batch_fraction_outcomes group by batch_id) as g
 where g.batch_id = b.batch_id;

drop table ledger_batch_outcomes;
drop table ledger_batch_fraction_outcomes;

alter table ledger_batches
  add constraint ledger_batches_outcome_arrays check (
    cardinality(outcome_grams) = cardinality(outcomes) and 0 < all(outcome_grams)),
  add constraint ledger_batches_grade_arrays check (
    cardinality(grade_outcomes) = cardinality(grade_fractions) and cardinality(grade_stores) = cardinality(grade_fractions)
    and cardinality(grade_grams) = cardinality(grade_fractions) and 0 < all(grade_grams));

-- One row per batch and outcome, as the table was. The arrays are unnested in the select list, in step (their
-- lengths are equal, above), not by a lateral unnest: a month of grade rows at 1,000,000 generated events took 42 ms
-- that way against 113 ms, and filters on the batch's columns still reach the batch row's indexes.
create view ledger_batch_outcomes as
select batch_id, unnest(outcomes) as outcome, unnest(outcome_grams) as grams, municipality, container_id, centre_id,
       collected_at
  from ledger_batches;

-- One row per batch and grade (its first sorting fraction, outcome and store), as the table was.
create view ledger_batch_fraction_outcomes as
select batch_id, unnest(grade_fractions) as fraction, unnest(grade_outcomes) as outcome, unnest(grade_stores) as store_id,
       unnest(grade_grams) as grams, municipality, centre_id, collected_at
  from ledger_batches;
