-- The flows (GET /v1/ledger/flows) and local-for-local summed every per-batch grade row of their period: a year was
-- 600,000 rows at 300,000 generated events (0.2-1.2 s a query, cached or not) and grows with the chain. This table
-- holds the same sums per UTC month of collection, kept in the same transaction as the per-batch rows (the refresher
-- adds each batch's change, as it does to the day sums of 0010-ledger-figure-days.sql), so a period reads its whole
-- months here and only the rest at its ends from the per-batch rows (whole-utc-units.ts). Months rather than days: a
-- municipality's day holds two or three batches with mostly different grades and stores, so day sums would have been
-- half as many rows as the per-batch ones, month sums are a sixteenth. UTC months, for the reason the day sums use
-- UTC days. A row whose sum is zero is deleted, so the table is a function of the per-batch rows alone.
create table ledger_fraction_outcome_months (
  -- The first day of the UTC month.
  month date not null,
  municipality text not null,
  -- '' when the batch has reached no centre yet.
  centre_id text not null,
  fraction text not null,
  outcome text not null,
  store_id text not null,
  grams bigint not null,
  -- Month first: both queries read a span of months for every municipality.
  primary key (month, municipality, centre_id, fraction, outcome, store_id)
);

-- The fill and the rows it sums must agree: no refresher of this schema may rewrite batches meanwhile. Stop ledger
-- processes of earlier releases before this migration runs: they would rewrite batches without this table afterwards
-- (a rebuild repairs sums that drifted).
lock table ledger_batch_fraction_outcomes in share mode;

insert into ledger_fraction_outcome_months (month, municipality, centre_id, fraction, outcome, store_id, grams)
select date_trunc('month', collected_at at time zone 'UTC')::date, municipality, coalesce(centre_id, ''), fraction,
       outcome, store_id, sum(grams)
  from ledger_batch_fraction_outcomes group by 1, 2, 3, 4, 5, 6 having sum(grams) <> 0;
