-- The sorting service's state: one aggregate per centre (its version row and its stock lines), and the facts its
-- commands recorded (receipts, runs with their inputs and lots, dispatches). The domain enforces every invariant;
-- the constraints here are the last line of defence, so a bug can never store negative stock, a second lot under
-- one id, or a disposal without its method.

create table centres (
  centre_id text primary key,
  -- Bumped by every command at the centre: what serialises two commands racing for the same grams.
  version integer not null check (version > 0)
);

create table stock_lines (
  centre_id text not null references centres (centre_id),
  -- Byte order ("C"), so the primary key serves the stock listing in the order every store answers it.
  node_id text collate "C" not null,
  -- 0 once consumed or dispatched: the line stays, so the centre remembers every node it has known.
  held_grams bigint not null check (held_grams >= 0),
  primary key (centre_id, node_id)
);
-- A new lot id must be new to every centre, not only to the one running the sort.
create index stock_lines_by_node on stock_lines (node_id);

create table receipts (
  receipt_id text primary key,
  node_id text not null,
  centre_id text not null references centres (centre_id),
  grams bigint not null check (grams > 0),
  received_at timestamptz not null,
  delivery_id text
);

create table runs (
  run_id text primary key,
  centre_id text not null references centres (centre_id),
  loss_grams bigint not null check (loss_grams >= 0),
  completed_at timestamptz not null
);

create table run_inputs (
  run_id text not null references runs (run_id),
  position integer not null,
  node_id text not null,
  grams bigint not null check (grams > 0),
  primary key (run_id, position)
);

-- A run's outputs. The primary key is the chain-wide uniqueness of lot ids: two centres creating the same lot id
-- at once cannot both commit (the loser is retried and rejected as a duplicate).
create table lots (
  lot_id text primary key,
  run_id text not null references runs (run_id),
  position integer not null,
  -- The centre whose run created the lot: the centre a dispatch of the lot takes its grams from.
  centre_id text not null,
  fraction text not null,
  grams bigint not null check (grams > 0),
  unique (run_id, position)
);

create table dispatches (
  dispatch_id text primary key,
  -- Recording order: a lot's dispatches are listed oldest first.
  seq bigint generated always as identity,
  lot_id text not null,
  centre_id text not null references centres (centre_id),
  grams bigint not null check (grams > 0),
  destination_kind text not null check (destination_kind in ('centre', 'store', 'processor', 'exporter', 'disposal')),
  destination_id text not null,
  destination_country text,
  destination_method text check (destination_method in ('energy-recovery', 'incineration', 'landfill')),
  transport_km double precision check (transport_km >= 0),
  dispatched_at timestamptz not null,
  check ((destination_kind = 'exporter') <= (destination_country is not null)),
  check ((destination_kind = 'disposal') = (destination_method is not null))
);
create index dispatches_by_lot on dispatches (lot_id, seq);
