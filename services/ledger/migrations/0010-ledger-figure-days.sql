-- Figures a municipality, a centre or the chain asks for over a period were sums over per-batch rows: a year of one
-- large municipality is tens of thousands of outcome rows at a ReShare-sized operator, more at national scale, and
-- the sum grew with them. These tables hold the same sums per UTC day of collection, kept in the same transaction
-- as the per-batch rows they sum (the refresher adds each batch's change), so a period's figure reads its whole
-- days here and only the partial days at its ends from the per-batch rows (figure-days.ts). UTC days, not the
-- chain's time zone: a day's rows then never depend on a setting that can change, and a period given in any zone
-- still splits exactly into whole UTC days and two short ends. A row whose sum is zero is deleted, so the tables
-- are a function of the per-batch rows alone (the same whatever order the batches were refreshed in).

-- Grams collected per municipality, centre ('' when the batch has reached none yet) and day: sums ledger_batches.
create table ledger_collected_days (
  municipality text not null,
  day date not null,
  centre_id text not null,
  grams bigint not null,
  primary key (municipality, day, centre_id)
);
create index ledger_collected_days_by_centre on ledger_collected_days (centre_id, day);
create index ledger_collected_days_by_day on ledger_collected_days (day);

-- Grams per outcome of the batches collected per municipality, centre and day: sums ledger_batch_outcomes.
create table ledger_outcome_days (
  municipality text not null,
  day date not null,
  centre_id text not null,
  outcome text not null,
  grams bigint not null,
  primary key (municipality, day, centre_id, outcome)
);
create index ledger_outcome_days_by_centre on ledger_outcome_days (centre_id, day);
create index ledger_outcome_days_by_day on ledger_outcome_days (day);

-- The fill and the tables it sums must agree: no refresher of this schema may rewrite batches meanwhile. A ledger
-- release from before these tables would keep rewriting batches without them afterwards, so stop older ledger
-- processes before this migration runs (a rebuild repairs sums that drifted).
lock table ledger_batches, ledger_batch_outcomes in share mode;

insert into ledger_collected_days (municipality, day, centre_id, grams)
select municipality, (collected_at at time zone 'UTC')::date, coalesce(centre_id, ''), sum(grams)
  from ledger_batches group by 1, 2, 3 having sum(grams) <> 0;

insert into ledger_outcome_days (municipality, day, centre_id, outcome, grams)
select municipality, (collected_at at time zone 'UTC')::date, coalesce(centre_id, ''), outcome, sum(grams)
  from ledger_batch_outcomes group by 1, 2, 3, 4 having sum(grams) <> 0;
