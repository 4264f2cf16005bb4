-- The retail service's state: each store's stock (grams per lot, the aggregate the decider guards) and the facts
-- that changed it. The domain enforces every invariant; the constraints here are the last line of defence, so a bug
-- can never store a store holding negative grams or a sale of nothing.

-- One row per store that has ever received something: the aggregate's version row. Racing commands on one store
-- serialise on it (optimistic check first, `for update` on a retry).
create table store_stocks (
  store_id text primary key,
  version integer not null check (version > 0)
);

-- Held grams per lot. A sold-out lot keeps its line at 0 g, so "never received here" and "none left" stay distinct.
create table stock_lines (
  store_id text not null references store_stocks (store_id),
  lot_id text not null,
  held_grams bigint not null check (held_grams >= 0),
  primary key (store_id, lot_id)
);

-- The facts, append-only, written from the events of each save and read back by the GETs.
create table receipts (
  receipt_id text primary key,
  store_id text not null references store_stocks (store_id),
  lot_id text not null,
  grams bigint not null check (grams > 0),
  received_at timestamptz not null,
  delivery_id text
);
create index receipts_by_store_and_lot on receipts (store_id, lot_id);

create table sales (
  sale_id text primary key,
  store_id text not null references store_stocks (store_id),
  lot_id text not null,
  grams bigint not null check (grams > 0),
  -- uint32 on the wire: an int4 would stop at 2^31 - 1.
  items bigint not null check (items between 1 and 4294967295),
  revenue_cents bigint check (revenue_cents >= 0),
  sold_at timestamptz not null
);
create index sales_by_store_and_lot on sales (store_id, lot_id);

create table donations (
  donation_id text primary key,
  store_id text not null references store_stocks (store_id),
  lot_id text not null,
  grams bigint not null check (grams > 0),
  programme text not null check (btrim(programme) <> ''),
  donated_at timestamptz not null
);
create index donations_by_store_and_lot on donations (store_id, lot_id);

create table returns (
  return_id text primary key,
  store_id text not null references store_stocks (store_id),
  lot_id text not null,
  grams bigint not null check (grams > 0),
  destination_kind text not null check (destination_kind in ('centre', 'processor')),
  destination_id text not null,
  returned_at timestamptz not null
);
create index returns_by_store_and_lot on returns (store_id, lot_id);
