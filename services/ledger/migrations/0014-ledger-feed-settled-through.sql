-- The feed is delivered up to its first event whose visibility is not known yet, so what settling needs is one
-- position, not a flag per event: every event at or before `position` is settled, none after it. The flag it
-- replaces (`ledger_feed.settled_at`) cost every event a second row version (its partial index made the update
-- non-HOT, so the primary key and the event id index were written twice) and, once nothing waited, one update of
-- every unsettled event (3 s of figures from nothing at 300,000 events). Its own row, not a column of
-- ledger_feed_head: every apply holds the head until it commits, and settling must not wait for them.
create table ledger_feed_settled (
  one boolean primary key default true check (one),
  position bigint not null check (position >= 0)
);
insert into ledger_feed_settled (position)
select coalesce((select min(position) - 1 from ledger_feed where settled_at is null),
                (select position from ledger_feed_head));

drop index ledger_feed_unsettled;
alter table ledger_feed drop column settled_at;

-- Events a rebuild's swap carried over from the live feed that the rebuilt tables have no fact of yet (the live tables
-- got them after the replay stopped; the consumers apply them to the rebuilt tables once they resume there). They
-- wait, as events whose nodes wait do: delivered before their fact is stored, they would be left out of every page
-- (readers join the facts) and passed by every subscriber's cursor. Empty but for the moments after a swap.
create table ledger_feed_awaiting_facts (
  position bigint primary key,
  event_id text not null
);
